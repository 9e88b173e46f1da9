import ArgumentParser
import Hummingbird
import Logging
import NetAgentCore
import ServiceLifecycle
import UnixSignals

/// `netagent agent`
struct Agent: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run as a service: keep the tuning in place and serve what the probes measure on /metrics.",
        discussion: """
            At start the enabled tuners are applied as one transaction (as `run --no-probe`). Then \
            each enabled probe with targets runs every probe_interval_s seconds (its first run at a \
            random point of its first period, so probes do not align), every knob is compared with \
            its desired value every drift_check_s seconds, and GET /metrics (Prometheus text, or \
            OpenMetrics when the Accept header asks for it) and GET /healthz are served on listen, \
            a private address only (loopback, RFC 1918, 100.64/10, link-local, fc00::/7): /metrics \
            has no authentication. All from the config's [agent] table:

              [agent]
              listen = "127.0.0.1:9987"   # 9987 by default
              probe_interval_s = 60       # a probe's own table may set probe_interval_s too
              drift_check_s = 60
              on_drift = "report"         # or "reapply": restore drifted knobs in a new transaction
              on_stop = "keep"            # or "rollback": undo the agent's transactions on stop
              journal_keep = 100          # entries that can still be undone are never pruned
              http_idle_timeout_s = 10    # close a connection that sends nothing this long
              http_max_connections = 64   # more are closed at once and counted

            SIGHUP reloads the config (one that does not load or check is logged and the old one \
            kept) and applies the new selection. SIGTERM or SIGINT stops within 2 seconds: running \
            probes are asked to stop, and their helpers killed a second later. Under systemd \
            (Type=notify) it sends READY=1, STATUS= lines and, with WatchdogSec, WATCHDOG=1; with \
            $JOURNAL_STREAM set, log lines carry journald's <N> priority prefixes.

            Example: netagent agent --config /etc/netagent/netagent.toml
            """)

    @OptionGroup var global: GlobalOptions
    @OptionGroup var selectionOptions: SelectionOptions

    func validate() throws {
        if selectionOptions.host != nil { throw ValidationError("--host previews another host's selection; the agent runs for this one") }
    }

    func run() async throws {
        let logger = Logger(label: "netagent") { label in
            var handler = AgentLogHandler(label: label)
            handler.logLevel = global.verbose ? .info : .notice
            return handler
        }
        var started: (HostAgentOperations, LoadedConfig, [Int])?
        try reportingFailures(json: global.json) {
            try global.requireRootToChangeSettings()
            let command = try CommandEnvironment(global)
            let operations = HostAgentOperations(
                context: command.context, catalog: command.catalog, stateDirectory: global.stateDir, configPath: global.config,
                overrides: try command.overrides(selectionOptions))
            let loaded = try operations.load()
            try DescriptorReserve.ensureRoom(forConnections: loaded.settings.httpMaxConnections)
            let applied = try AgentService.Loop.applyAtStart(loaded, operations: operations, logger: logger)
            started = (operations, loaded, applied)
            return .success
        }
        guard let (operations, loaded, applied) = started else { return }
        let notifier = SystemdNotifier()
        let metrics = AgentMetrics(version: VersionText.version, modules: operations.catalog.modules)
        if let first = applied.first { metrics.recordTransaction("applied", id: first) }
        let loop = AgentService.Loop(
            config: loaded, applied: applied, operations: operations, clock: MonotonicAgentClock(), metrics: metrics,
            notifier: notifier, logger: logger)
        let settings = loaded.settings
        let application = Application(
            router: MetricsEndpoint.router(metrics: metrics, loop: loop),
            server: CappedHTTPChannel.builder(
                idleTimeoutS: settings.httpIdleTimeoutS, limit: settings.httpMaxConnections, onRefused: metrics.recordRefusedConnection),
            configuration: .init(address: .hostname(settings.listenHost, port: settings.listenPort), serverName: "netagent"),
            services: [AgentService(loop: loop, notifier: notifier)],
            onServerRunning: { _ in
                logger.notice("serving /metrics on \(settings.listenHost):\(settings.listenPort)")
                notifier.ready(status: "serving /metrics on \(settings.listenHost):\(settings.listenPort)")
            },
            logger: logger)
        do {
            try await application.runService(gracefulShutdownSignals: [.sigterm, .sigint])
        } catch {
            Output.error("\(error)", exitCode: ExitStatus.failure.rawValue, json: global.json)
            throw ArgumentParser.ExitCode(ExitStatus.failure.rawValue)
        }
    }
}
