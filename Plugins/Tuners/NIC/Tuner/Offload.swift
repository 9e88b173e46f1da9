import CEthtool

/// One NIC offload the tuner turns off, with the names users see in `ethtool -k`.
enum Offload: String, CaseIterable {
    case gro, gso, tso, lro

    /// The name `ethtool -k` prints.
    var ethtoolName: String {
        switch self {
        case .gro: "generic-receive-offload"
        case .gso: "generic-segmentation-offload"
        case .tso: "tcp-segmentation-offload"
        case .lro: "large-receive-offload"
        }
    }

    var why: String {
        switch self {
        case .gro: "GRO holds received packets back to merge them; off, each audio packet goes up the stack at once"
        case .gso: "GSO builds large bursts in the stack that queue ahead of small packets; off, packets leave one by one"
        case .tso: "TSO hands the NIC large bursts to cut up; off, small packets are not stuck behind them (costs some CPU)"
        case .lro: "LRO merges received segments in hardware, delaying them and breaking forwarding; off, packets arrive as sent"
        }
    }

    /// The C layer's number for this offload.
    var code: Int32 {
        switch self {
        case .gro: Int32(NETAGENT_OFFLOAD_GRO.rawValue)
        case .gso: Int32(NETAGENT_OFFLOAD_GSO.rawValue)
        case .tso: Int32(NETAGENT_OFFLOAD_TSO.rawValue)
        case .lro: Int32(NETAGENT_OFFLOAD_LRO.rawValue)
        }
    }
}
