import NetAgentCore
import ServiceLifecycle
import UnixSignals

/// The agent's loop as a service of the service group, wired to the process: SIGHUP reloads,
/// systemd's watchdog is fed while the loop is healthy, and a graceful shutdown (SIGTERM,
/// SIGINT) cancels the loop and asks running probes to stop (their helpers get SIGINT, then
/// SIGKILL a second later) before the loop's own stop.
struct AgentService: Service {
    typealias Loop = AgentLoop<HostAgentOperations, MonotonicAgentClock, AgentMetrics>
    let loop: Loop
    let notifier: SystemdNotifier

    func run() async throws {
        await withGracefulShutdownHandler {
            // Cancelling ends every sleep of the loop at once; blocking work ends through
            // ModuleCancellation's flag.
            await cancelWhenGracefulShutdown {
                await withDiscardingTaskGroup { group in
                    group.addTask { await reloadOnHangup() }
                    group.addTask { await feedWatchdog() }
                    await loop.run()
                    group.cancelAll()
                }
            }
        } onGracefulShutdown: { [notifier] in
            notifier.stopping()
            ModuleCancellation.requestCancellation()
        }
    }

    /// Reloads the config at each SIGHUP until stopped.
    private func reloadOnHangup() async {
        for await _ in await UnixSignalsSequence(trapping: .sighup) { await loop.reload() }
    }

    /// Sends `WATCHDOG=1` every half `WatchdogSec` while the loop goes round.
    private func feedWatchdog() async {
        guard let interval = notifier.watchdogIntervalNS else { return }
        while !Task.isCancelled {
            if await loop.isHealthy() { notifier.watchdog() }
            try? await Task.sleep(for: .nanoseconds(interval))
        }
    }
}
