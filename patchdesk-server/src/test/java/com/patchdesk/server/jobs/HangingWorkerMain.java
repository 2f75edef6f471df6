package com.patchdesk.server.jobs;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Run as a separate JVM by {@link JobWorkersTest}: claims one {@code hang} job, says so on stdout and then hangs,
 * so that the test can kill it like {@code kill -9} would. Arguments: JDBC URL, user, lease in milliseconds.
 */
public final class HangingWorkerMain {

    public static void main(String[] args) throws Exception {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(args[0]);
        dataSource.setUsername(args[1]);
        dataSource.setPassword("");
        Duration lease = Duration.ofMillis(Long.parseLong(args[2]));
        JobsProperties settings =
                new JobsProperties(true, 1, lease, lease.dividedBy(4), Duration.ofMillis(50), null, null, null, null);
        JobHandler hang = new JobHandler() {
            @Override
            public String type() {
                return "hang";
            }

            @Override
            public void handle(Job job) throws InterruptedException {
                System.out.println("CLAIMED " + job.id());
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
            }
        };
        new JobWorkers(new JobStore(dataSource), List.of(hang), settings, new JobSignal(), Clock.systemUTC()).start();
        Thread.sleep(Long.MAX_VALUE);
    }
}
