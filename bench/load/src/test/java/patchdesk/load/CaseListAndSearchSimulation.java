package patchdesk.load;

import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.csv;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

/**
 * 20 clients (engineers and customers of several organisations), each with its own personal API token
 * ({@code Authorization: Bearer pdk_…}), list and search cases as fast as the server answers (a closed model: no
 * think time) for {@code -Dpatchdesk.duration} seconds, after {@code -Dpatchdesk.warm-up} seconds of the same. Run by {@code bench/load-test.sh}, which seeds the
 * 10,000 cases, starts the server and writes {@code tokens.csv} (columns {@code token,role}).
 *
 * <p>Fails (Gatling assertions) when a request fails or the 95th percentile of list or search is 100 ms or more.
 */
public class CaseListAndSearchSimulation extends Simulation {

    private static final String BASE = System.getProperty("patchdesk.url", "http://127.0.0.1:18090");
    private static final String TOKENS = System.getProperty("patchdesk.tokens", "tokens.csv");
    private static final int CLIENTS = Integer.getInteger("patchdesk.clients", 20);
    private static final int SECONDS = Integer.getInteger("patchdesk.duration", 60);
    private static final int WARM_UP = Integer.getInteger("patchdesk.warm-up", 20);

    /** What people type: Chinese words, KB numbers, error codes, English words, a case number prefix. */
    private static final List<String> SEARCHES = List.of("补丁", "安装失败", "更新", "蓝屏", "重启", "数据库", "证书",
            "KB5032196", "kb5034441", "0x80070490", "0x800f081f", "failed", "rollback", "cumulative update",
            "servicing stack", "打印机", "CAS-1", "Exchange", "域控制器", "磁盘空间");

    private final HttpProtocolBuilder protocol = http.baseUrl(BASE).acceptHeader("application/json");

    /** One client: its token, then list and search, one after the other, for {@code seconds}. */
    private ScenarioBuilder clients(String name, String prefix, int seconds) {
        return scenario(name)
                .feed(csv(TOKENS).circular())
                .during(Duration.ofSeconds(seconds)).on(
                        exec(http(prefix + "list").get(session -> "/api/cases?limit=50&offset="
                                        + ThreadLocalRandom.current().nextInt(0, 20) * 50)
                                .header("Authorization", "Bearer #{token}")
                                .check(status().is(200)))
                        .exec(http(prefix + "search").get(session -> "/api/cases?limit=50&q=" + URLEncoder.encode(
                                        SEARCHES.get(ThreadLocalRandom.current().nextInt(SEARCHES.size())),
                                        StandardCharsets.UTF_8))
                                .header("Authorization", "Bearer #{token}")
                                .check(status().is(200))));
    }

    {
        // A warm-up (the JIT, PostgreSQL's caches) whose requests are named apart and not asserted, then the run.
        setUp(clients("warm-up", "warm-up ", WARM_UP).injectOpen(atOnceUsers(CLIENTS))
                .andThen(clients("20 API clients with personal tokens", "", SECONDS).injectOpen(atOnceUsers(CLIENTS))))
                .protocols(protocol)
                .assertions(
                        global().failedRequests().count().is(0L),
                        details("list").responseTime().percentile(95.0).lt(100),
                        details("search").responseTime().percentile(95.0).lt(100),
                        // Figures only (they always hold): Gatling prints each with its actual value.
                        details("list").responseTime().percentile(50.0).gte(0),
                        details("list").responseTime().percentile(99.0).gte(0),
                        details("list").requestsPerSec().gte(0.0),
                        details("search").responseTime().percentile(50.0).gte(0),
                        details("search").responseTime().percentile(99.0).gte(0),
                        details("search").requestsPerSec().gte(0.0));
    }

    private static io.gatling.javaapi.core.ChainBuilder exec(io.gatling.javaapi.http.HttpRequestActionBuilder request) {
        return io.gatling.javaapi.core.CoreDsl.exec(request);
    }
}
