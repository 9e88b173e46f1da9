/// One setting a tuner wants: its key, desired value and why, exactly as the host receives it
/// (`WireKnob`, declared once for both sides of module.h).
public typealias Knob = WireKnob
