package com.patchdesk.diagnosis.read;

/**
 * The component-store verdicts DISM and SFC print, in English and zh-CN, as
 * {@code healthy}, {@code repairable} or {@code not-repairable}.
 */
final class StoreVerdicts {

    private static final String[][] PHRASES = {
        {"No component store corruption detected", "healthy"},
        {"未检测到组件存储损坏", "healthy"},
        {"The component store corruption was repaired", "healthy"},
        {"已修复组件存储损坏", "healthy"},
        {"The component store is repairable", "repairable"},
        {"可以修复组件存储", "repairable"},
        {"The component store cannot be repaired", "not-repairable"},
        {"无法修复组件存储", "not-repairable"},
        {"did not find any integrity violations", "healthy"},
        {"未找到任何完整性冲突", "healthy"},
        {"found corrupt files and successfully repaired them", "healthy"},
        {"找到了损坏文件并成功修复了它们", "healthy"},
        {"found corrupt files but was unable to fix some of them", "not-repairable"},
        {"但无法修复其中某些文件", "not-repairable"},
        // Other Windows releases' wordings, and the older one wrapped after "无法修复" (the rest on the next line).
        {"但其中有一些文件无法修复", "not-repairable"},
        {"找到了损坏文件但无法修复", "not-repairable"},
        {"не обнаружила нарушений целостности", "healthy"},
        {"обнаружила поврежденные файлы и успешно их восстановила", "healthy"},
        {"не может восстановить некоторые из них", "not-repairable"},
        {"Повреждение хранилища компонентов не обнаружено", "healthy"},
        {"Хранилище компонентов подлежит восстановлению", "repairable"},
        {"Повреждение хранилища компонентов восстановлено", "healthy"},
    };

    private StoreVerdicts() {}

    /** The verdict the line states, or null. */
    static String health(String line) {
        for (String[] phrase : PHRASES) {
            if (line.contains(phrase[0])) {
                return phrase[1];
            }
        }
        return null;
    }
}
