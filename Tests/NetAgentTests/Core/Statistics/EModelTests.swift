import Foundation
import Testing

@testable import NetAgentCore

/// The G.107 E-model against its own anchor (all defaults: R = 93.2, MOS 4.41) and against an
/// independent implementation written from the recommendation (Tests/Fixtures/emodel_reference.py).
@Suite struct EModelTests {
    @Test func allDefaultInputsGiveR93Point2AndMOS4Point41() {
        let rating = EModel.rating(oneWayDelayMS: 0, lossPercent: 0, burstR: 1, codec: .g711PLC)
        #expect(abs(rating.r - 93.2) < 0.05, "\(rating.r)")
        #expect(abs(rating.mos - 4.41) < 0.01, "\(rating.mos)")
    }

    @Test func mosFollowsG107sFormulaAndBounds() {
        #expect(EModel.mos(-5) == 1)
        #expect(EModel.mos(120) == 4.5)
        #expect(abs(EModel.mos(50) - 2.575) < 1e-9, "1 + 0.035 * 50 + 50 * -10 * 50 * 7e-6")
    }

    @Test func ratingsMatchAnIndependentImplementationWithinATenthOfAPoint() throws {
        let cases: [(delay: Double, loss: Double, burst: Double, codec: EModel.Codec)] = [
            (0, 0, 1, .g711PLC), (50, 0, 1, .g711PLC), (150, 0, 1, .g711PLC), (250, 0, 1, .g711PLC), (400, 0, 1, .g711PLC),
            (20, 1, 1, .g711PLC), (20, 5, 1, .g711PLC), (20, 5, 3, .g711PLC), (20, 10, 1, .g711), (80, 2, 1.5, .g729a),
            (120, 3, 2, .g7231), (300, 2, 1, .g711PLC),
        ]
        let input = cases.map { [$0.delay, $0.loss, $0.burst, $0.codec.ie, $0.codec.bpl] }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [TestEnvironment.packageRoot + "/Tests/Fixtures/emodel_reference.py"]
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        try process.run()
        stdin.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: input))
        try stdin.fileHandleForWriting.close()
        let reference = try #require(
            try JSONSerialization.jsonObject(with: stdout.fileHandleForReading.readDataToEndOfFile()) as? [Double])
        process.waitUntilExit()
        #expect(reference.count == cases.count)
        for (index, item) in cases.enumerated() {
            let r = EModel.rating(oneWayDelayMS: item.delay, lossPercent: item.loss, burstR: item.burst, codec: item.codec).r
            #expect(abs(r - reference[index]) < 0.1, "\(item): netagent \(r), reference \(reference[index])")
        }
    }

    @Test func burstyLossCostsMoreThanTheSameLossAtRandomAndSaysHowMuch() {
        let random = EModel.rating(oneWayDelayMS: 40, lossPercent: 5, burstR: 1, codec: .g711PLC)
        let bursty = EModel.rating(oneWayDelayMS: 40, lossPercent: 5, burstR: 4, codec: .g711PLC)
        #expect(bursty.r < random.r - 2, "Ie,eff 95*5/(5/4+25.1) = 18.0 against 95*5/(5+25.1) = 15.8")
        #expect(random.burstImpairment == 0)
        #expect(abs(bursty.burstImpairment - (random.r - bursty.r)) < 1e-9)
    }
}
