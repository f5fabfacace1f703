package jvgraph.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.internal.helpers.HostnamePort;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * Starts a real Neo4j Community server (embedded API, Bolt only, loopback only, no auth) for the
 * Python test-suite and prints {@code BOLT_URI=bolt://127.0.0.1:PORT} once it accepts connections.
 *
 * <p>Usage: {@code Neo4jTestServer HOME_DIR [PORT]}; PORT 0 (the default) picks a free port. Stops
 * cleanly on SIGTERM, and also when standard input reaches end-of-file if the JVM was started with
 * {@code -Djvgraph.exitOnStdinEof=true} (so the server dies with the Python process that owns it).
 * With {@code -Djvgraph.deleteHomeOnExit=true} it deletes HOME_DIR after shutting down;
 * {@code -Djvgraph.pageCacheMiB=N} sets the page cache (64 MiB unless set).
 */
public final class Neo4jTestServer {
    private static final String HOST = "127.0.0.1";

    private Neo4jTestServer() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: Neo4jTestServer HOME_DIR [PORT]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = args.length == 2 ? Integer.parseInt(args[1]) : 0;

        DatabaseManagementService service = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMiB()))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.udc_enabled, false) // dbms.usage_report.enabled
                // Bolt's Netty event loops wait a 5 s quiet period each on shutdown: skip it.
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(5))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        boolean deleteHome = Boolean.getBoolean("jvgraph.deleteHomeOnExit");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                service.shutdown();
                if (deleteHome) {
                    deleteTree(home);
                }
            } finally {
                stopped.countDown();
            }
        }, "neo4j-test-server-shutdown"));

        GraphDatabaseAPI system = (GraphDatabaseAPI) service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
        ConnectorPortRegister ports = system.getDependencyResolver().resolveDependency(ConnectorPortRegister.class);
        HostnamePort bolt = ports.getLocalAddress(ConnectorType.BOLT);
        if (bolt == null) {
            System.err.println("Neo4jTestServer: Bolt connector did not register a port");
            System.exit(1);
        }
        System.out.println("BOLT_URI=bolt://" + HOST + ":" + bolt.getPort());
        System.out.flush();

        if (Boolean.getBoolean("jvgraph.exitOnStdinEof")) {
            drain(System.in);
            System.exit(0); // runs the shutdown hook
        }
        stopped.await();
    }

    /** The page cache in MiB: {@code -Djvgraph.pageCacheMiB=N}, 64 unless set. */
    private static long pageCacheMiB() {
        return Long.getLong("jvgraph.pageCacheMiB", 64L);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // best effort: the owner removes what is left
        }
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[256];
        try {
            while (in.read(buffer) >= 0) {
                // discard: only end-of-file matters
            }
        } catch (IOException ignored) {
            // a broken pipe means the owner is gone, same as end-of-file
        }
    }
}
