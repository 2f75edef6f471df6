package com.patchdesk.diagnosis.read;

/**
 * The component-store verdicts DISM and SFC print, in English and zh-CN, as
 * {@code healthy}, {@code repairable} or {@code not-repairable}; a healthy verdict may say that damage was repaired.
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
        // Windows 11's zh-CN wording (h02 and h09 in eval/real-excerpts-team: "Windows 资源保护未找到任何完整性违规。").
        {"未找到任何完整性违规", "healthy"},
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

    /**
     * The healthy verdicts that say damage was found and repaired: a report names a repair as such, not as a check that
     * found nothing (an engineer reads "found healthy" as "nothing was wrong").
     */
    private static final String[] REPAIRED = {
        "The component store corruption was repaired",
        "已修复组件存储损坏",
        "found corrupt files and successfully repaired them",
        "找到了损坏文件并成功修复了它们",
        "обнаружила поврежденные файлы и успешно их восстановила",
        "Повреждение хранилища компонентов восстановлено",
    };

    /** The {@link Fact#RESULT} of a store verdict that says damage was repaired. */
    static final String REPAIRED_RESULT = "repaired";

    /** Whether the line's verdict is a repair of damage found (healthy now, not healthy before). */
    static boolean repaired(String line) {
        for (String phrase : REPAIRED) {
            if (line.contains(phrase)) {
                return true;
            }
        }
        return false;
    }

    /** The verdict's facts, marked {@link #REPAIRED_RESULT} where the line says damage was repaired. */
    static Facts markRepaired(Facts facts, String line) {
        return repaired(line) ? facts.put(Fact.RESULT, REPAIRED_RESULT) : facts;
    }

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
