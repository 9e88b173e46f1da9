/// The JSON shapes that cross module.h (`NetAgentWire`), declared once for the host and the
/// module kit, are part of the host's vocabulary: whoever imports NetAgentCore sees them.
@_exported import NetAgentWire
