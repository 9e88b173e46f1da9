import Glibc

/// The ITU-T G.107 (06/2015) E-model: what delay, packet loss and loss burstiness mean for a
/// telephone call, as a transmission rating R (0 to 100) and an estimated MOS (1 to 4.5).
///
/// Every input but the network's is G.107's default (Table 2): SLR 8, RLR 2, STMR 15, LSTR 18,
/// Ds = Dr = 3, TELR 65, WEPL 110, qdu 1, Nc -70, Nfor -64, Ps = Pr = 35, A 0. With those,
/// R = 93.2. The network gives the mean one-way delay T = Ta (Tr = 2 T), the packet loss
/// probability Ppl and BurstR; the codec gives Ie and Bpl (ITU-T G.113 Appendix I).
public enum EModel {
    /// A codec's equipment impairment factor Ie and packet-loss robustness Bpl, from ITU-T G.113
    /// Appendix I (Tables I.1 and I.3). Opus has no published Ie/Bpl in G.113: it is not offered.
    public struct Codec: Sendable, Equatable {
        /// The name a probe's `call.codec` gives.
        public let name: String
        /// Ie: the codec's impairment with no loss.
        public let ie: Double
        /// Bpl: how well the codec hides random packet loss (higher is more robust).
        public let bpl: Double
        /// Algorithmic look-ahead in ms, added to the one-way delay with the frame time.
        public let lookaheadMS: Double

        /// G.711 with packet loss concealment (G.711 Appendix I): Ie 0, Bpl 25.1.
        public static let g711PLC = Codec(name: "g711", ie: 0, bpl: 25.1, lookaheadMS: 0)
        /// G.711 without concealment: Ie 0, Bpl 4.3.
        public static let g711 = Codec(name: "g711-noplc", ie: 0, bpl: 4.3, lookaheadMS: 0)
        /// G.729A with VAD: Ie 11, Bpl 19.0, 5 ms look-ahead.
        public static let g729a = Codec(name: "g729a", ie: 11, bpl: 19.0, lookaheadMS: 5)
        /// G.723.1 at 6.3 kbit/s with VAD: Ie 15, Bpl 16.1, 7.5 ms look-ahead.
        public static let g7231 = Codec(name: "g723.1", ie: 15, bpl: 16.1, lookaheadMS: 7.5)

        /// Every codec the model knows.
        public static let all = [g711PLC, g711, g729a, g7231]

        /// The codec called `name`, nil when the model has no parameters for it.
        public static func named(_ name: String) -> Codec? {
            all.first { $0.name == name }
        }
    }

    /// R, MOS and the impairments that make up R.
    public struct Rating: Codable, Sendable, Equatable {
        /// The transmission rating R.
        public let r: Double
        /// The estimated mean opinion score.
        public let mos: Double
        /// Id: the delay impairment.
        public let delayImpairment: Double
        /// Ie,eff: the codec's and packet loss's impairment.
        public let lossImpairment: Double
        /// How much of Ie,eff is due to burstiness: Ie,eff minus what the same loss spread at random would cost.
        public let burstImpairment: Double

        enum CodingKeys: String, CodingKey {
            case r, mos
            case delayImpairment = "delay_impairment"
            case lossImpairment = "loss_impairment"
            case burstImpairment = "burst_impairment"
        }
    }

    /// The rating of a path: mean one-way mouth-to-ear delay `oneWayDelayMS` (T = Ta, Tr = 2 T),
    /// packet loss `lossPercent` (Ppl) with burst ratio `burstR` (1 for random loss) and `codec`.
    public static func rating(oneWayDelayMS delay: Double, lossPercent ppl: Double, burstR: Double, codec: Codec) -> Rating {
        let no = noise()
        let (ro, iS) = basicRating(no: no)
        let id = delayImpairment(t: delay, ta: delay, tr: 2 * delay, ro: ro, no: no)
        let ieEff = effectiveEquipmentImpairment(ie: codec.ie, bpl: codec.bpl, ppl: ppl, burstR: burstR)
        let random = effectiveEquipmentImpairment(ie: codec.ie, bpl: codec.bpl, ppl: ppl, burstR: 1)
        // 7.1: R = Ro - Is - Id - Ie,eff + A, with A = 0.
        let r = ro - iS - id - ieEff
        return Rating(r: r, mos: mos(r), delayImpairment: id, lossImpairment: ieEff, burstImpairment: ieEff - random)
    }

    /// 7.4 (formula 7-27): MOS from R.
    public static func mos(_ r: Double) -> Double {
        if r < 0 { return 1 }
        if r > 100 { return 4.5 }
        return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6
    }

    // G.107's defaults (Table 2).
    private static let slr = 8.0, rlr = 2.0, stmr = 15.0, lstr = 18.0, ds = 3.0, telr = 65.0, wepl = 110.0
    private static let qdu = 1.0, nc = -70.0, nfor = -64.0, ps = 35.0, pr = 35.0

    /// 7.2 (7-3 to 7-6): No, the sum of the noise sources, in dBm0p.
    private static func noise() -> Double {
        let olr = slr + rlr
        let nos = ps - slr - ds - 100 + 0.004 * pow(ps - olr - ds - 14, 2)
        let pre = pr + 10 * log10(1 + pow(10, (10 - lstr) / 10))
        let nor = rlr - 121 + pre + 0.008 * pow(pre - 35, 2)
        let nfo = nfor + rlr
        return 10 * log10(pow(10, nc / 10) + pow(10, nos / 10) + pow(10, nor / 10) + pow(10, nfo / 10))
    }

    /// Ro (7.2) and Is (7.3) from No, which depend on the default inputs only.
    private static func basicRating(no: Double) -> (ro: Double, is: Double) {
        let olr = slr + rlr
        // 7.2 (7-2): the basic signal-to-noise ratio.
        let ro = 15 - 1.5 * (slr + no)
        // 7.3 (7-9, 7-10): Iolr, from the loudness.
        let xolr = olr + 0.2 * (64 + no - rlr)
        let iolr = 20 * (pow(1 + pow(xolr / 8, 8), 1.0 / 8) - xolr / 8)
        // 7.3 (7-11, 7-12): Ist, the non-optimum sidetone (STMRo with T = 0, as in Table 2).
        let stmro = -10 * log10(pow(10, -stmr / 10) + pow(10, -telr / 10))
        let ist =
            12 * pow(1 + pow((stmro - 13) / 6, 8), 1.0 / 8) - 28 * pow(1 + pow((stmro + 1) / 19.4, 35), 1.0 / 35)
            - 13 * pow(1 + pow((stmro - 3) / 33, 13), 1.0 / 13) + 29
        // 7.3 (7-13 to 7-17): Iq, quantizing distortion.
        let q = 37 - 15 * log10(qdu)
        let g = 1.07 + 0.258 * q + 0.0602 * q * q
        let y = (ro - 100) / 15 + 46 / 8.4 - g / 9
        let z = 46.0 / 30 - g / 40
        let iq = 15 * log10(1 + pow(10, y) + pow(10, z))
        return (ro, iolr + ist + iq)
    }

    /// 7.4 (7-18 to 7-26): Id = Idte + Idle + Idd, for mean one-way delay t, absolute delay ta
    /// and round-trip delay tr in ms (sT = 1, mT = 100 ms, their defaults), with Ro and No.
    private static func delayImpairment(t: Double, ta: Double, tr: Double, ro: Double, no: Double) -> Double {
        // Talker echo (7-19 to 7-22).
        let roe = -1.5 * (no - rlr)
        let terv = telr - 40 * log10((1 + t / 10) / (1 + t / 150)) + 6 * exp(-0.3 * t * t)
        let re = 80 + 2.5 * (terv - 14)
        let idte = ((roe - re) / 2 + ((roe - re) * (roe - re) / 4 + 100).squareRoot() - 1) * (1 - exp(-t))
        // Listener echo (7-23, 7-24).
        let rle = 10.5 * (wepl + 7) * pow(tr + 1, -0.25)
        let idle = (ro - rle) / 2 + ((ro - rle) * (ro - rle) / 4 + 169).squareRoot()
        // Too long absolute delay (7-25, 7-26).
        var idd = 0.0
        if ta > 100 {
            let x = log10(ta / 100) / log10(2)
            idd = 25 * (pow(1 + pow(x, 6), 1.0 / 6) - 3 * pow(1 + pow(x / 3, 6), 1.0 / 6) + 2)
        }
        return idte + idle + idd
    }

    /// 7.5 (7-29): Ie,eff = Ie + (95 - Ie) * Ppl / (Ppl / BurstR + Bpl).
    private static func effectiveEquipmentImpairment(ie: Double, bpl: Double, ppl: Double, burstR: Double) -> Double {
        ie + (95 - ie) * ppl / (ppl / burstR + bpl)
    }
}
