import NetAgentCore

/// The calls a voice probe rated: MOS, R, what the path gave the E-model and what cost most.
enum VoiceTable {
    static func print(_ reports: [TargetReport]) {
        let rated = reports.compactMap { report in report.voice.map { (report, $0) } }
        guard !rated.isEmpty else { return }
        Swift.print("")
        Output.table(
            ["PROBE", "TARGET", "CODEC", "MOS", "R", "LOSS%", "BURSTR", "JITTER", "ONE-WAY", "COST"],
            rated.map { report, voice in
                [
                    report.module, report.target, voice.codec, Output.formatted(voice.mos, decimals: 2),
                    Output.formatted(voice.r, decimals: 1), Output.formatted(voice.lossPercent, decimals: 1),
                    Output.formatted(voice.burstR, decimals: 2), Output.formatted(voice.jitterMS, decimals: 3),
                    Output.formatted(voice.oneWayDelayMS, decimals: 1), voice.costs.first ?? "nothing",
                ]
            })
        Swift.print(
            "MOS and R: ITU-T G.107 E-model; ONE-WAY = RTT/2 + jitter buffer + frame + codec look-ahead; BURSTR 1 is random loss, above 1 bursty"
        )
    }
}
