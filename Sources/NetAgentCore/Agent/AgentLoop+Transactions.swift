import Logging

extension AgentLoop {
    /// The agent's start: applies `config`'s selection as one transaction and prunes the journal.
    /// Throws when the transaction fails (it was restored), so the agent does not start; returns
    /// the transaction applied, if anything differed.
    public static func applyAtStart(_ config: Operations.Config, operations: Operations, logger: Logger) throws -> [Int] {
        let outcome = try operations.apply(config)
        switch outcome {
        case .failed(_, let error): throw error
        case .unchanged: logger.notice("start: every knob is as desired; nothing applied")
        case .applied(let id, let changes): logger.notice("start: applied transaction \(id), \(changes) knob(s) changed")
        }
        let pruned = try operations.pruneJournal(keep: config.settings.journalKeep)
        if !pruned.isEmpty { logger.notice("start: pruned journal entries \(pruned.map(String.init).joined(separator: ", "))") }
        if case .applied(let id, _) = outcome { return [id] }
        return []
    }

    /// Compares every knob with its desired value and, with `on_drift = "reapply"`, restores
    /// drifted ones in one transaction; a knob that drifts again at once waits for the next check.
    func checkDrift() async {
        defer { checkingDrift = false }
        let (operations, config) = (operations, config)
        do {
            let knobs = try await Blocking.run { try operations.knobs(of: config) }
            metrics.recordDrift(knobs)
            let now = Self.drifted(knobs)
            for knob in knobs where knob.status == .drifted && !drifted.contains("\(knob.module) \(knob.key)") {
                logger.warning("drift: \(knob.module) \(knob.key) is \(knob.current ?? "absent"), the selection wants \(knob.desired)")
            }
            for knob in drifted.subtracting(now) { logger.notice("drift: \(knob) is as the selection wants again") }
            drifted = now
            if !now.isEmpty && config.settings.onDrift == .reapply && !Task.isCancelled {
                await apply(reason: "drift")
                let after = try await Blocking.run { try operations.knobs(of: config) }
                metrics.recordDrift(after)
                drifted = Self.drifted(after)
            }
            notifier.status(statusLine())
        } catch {
            logger.error("drift check failed: \(error)")
        }
    }

    /// "module key" of each drifted knob.
    private static func drifted(_ knobs: [StatusResult.Knob]) -> Set<String> {
        Set(knobs.filter { $0.status == .drifted }.map { "\($0.module) \($0.key)" })
    }

    /// Applies the selection in force as a new transaction, counts it, and prunes the journal.
    func apply(reason: String) async {
        let (operations, config) = (operations, config)
        do {
            switch try await Blocking.run({ try operations.apply(config) }) {
            case .failed(let id, let error):
                metrics.recordTransaction("failed", id: id)
                logger.error("\(reason): the transaction failed and was restored: \(error)")
            case .unchanged:
                break
            case .applied(let id, let changes):
                applied.append(id)
                metrics.recordTransaction("applied", id: id)
                logger.notice("\(reason): applied transaction \(id), \(changes) knob(s) changed")
                let pruned = try await Blocking.run { try operations.pruneJournal(keep: config.settings.journalKeep) }
                if !pruned.isEmpty { logger.info("journal: pruned \(pruned.count) old entries") }
            }
        } catch {
            metrics.recordTransaction("failed", id: nil)
            logger.error("\(reason): could not apply: \(error)")
        }
    }

    /// Reads the config again and applies its selection; a config that does not load or check is
    /// logged and the old one kept. Probe loops pick the new config up at their next run.
    public func reload() async {
        notifier.reloading()
        let operations = operations
        do {
            let next = try await Blocking.run { try operations.load() }
            let (old, new) = (config.settings, next.settings)
            if new.listenHost != old.listenHost || new.listenPort != old.listenPort || new.httpIdleTimeoutS != old.httpIdleTimeoutS
                || new.httpMaxConnections != old.httpMaxConnections
            {
                logger.warning("reload: [agent] listen or http_* changed; it takes effect when the agent restarts")
            }
            config = next
            metrics.keepProbes(Set(next.scheduledProbes.map(\.name)))
            metrics.recordReload(success: true)
            logger.notice("reload: \(next.path ?? "no config file") loaded")
            await apply(reason: "reload")
        } catch {
            metrics.recordReload(success: false)
            logger.error("reload: \(error); keeping the previous config")
        }
        notifier.ready(status: statusLine())
    }
}
