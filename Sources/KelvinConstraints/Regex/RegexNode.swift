import KelvinSampling

/// A regular expression over bytes, as the parser leaves it: every character is already its
/// UTF-8 bytes, every class a set of byte-range sequences.
public indirect enum RegexNode: Sendable, Equatable {
  /// The empty string.
  case empty
  /// One byte in one of the ranges.
  case byteSet([ClosedRange<UInt8>])
  /// One after the other.
  case concatenation([RegexNode])
  /// Any one of them.
  case alternation([RegexNode])
  /// `node` repeated `minimum` to `maximum` times (`nil`: unbounded).
  case repetition(RegexNode, minimum: Int, maximum: Int?)

  /// The UTF-8 bytes of `scalar` in sequence.
  static func scalar(_ scalar: Unicode.Scalar) -> RegexNode {
    let bytes = Array(String(scalar).utf8)
    if bytes.count == 1 { return .byteSet([bytes[0]...bytes[0]]) }
    return .concatenation(bytes.map { .byteSet([$0...$0]) })
  }

  /// Any scalar in `ranges` (sorted, disjoint scalar values), as UTF-8 byte sequences.
  static func scalarSet(_ ranges: [ClosedRange<UInt32>]) -> RegexNode {
    let sequences = ranges.flatMap { UTF8Sequences.of($0) }
    var single: [ClosedRange<UInt8>] = []
    var longer: [RegexNode] = []
    for sequence in sequences {
      if sequence.count == 1 {
        single.append(sequence[0])
      } else {
        longer.append(.concatenation(sequence.map { .byteSet([$0]) }))
      }
    }
    let alternatives = (single.isEmpty ? [] : [RegexNode.byteSet(single)]) + longer
    if alternatives.count == 1 { return alternatives[0] }
    return .alternation(alternatives)
  }
}
