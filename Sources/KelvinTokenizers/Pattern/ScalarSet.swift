/// A set of Unicode scalars, as a character class of a pattern: single scalars, ranges,
/// properties (`\p{L}`, `\s`, …), their complements, and nested sets, possibly negated.
struct ScalarSet: Sendable {
  typealias Property = UnicodeTables.Property

  /// Scalars and ranges of scalars in the set.
  var ranges: [ClosedRange<UInt32>] = []
  /// A scalar with any of these properties is in the set.
  var properties: Property = []
  /// A scalar lacking one of these properties is in the set (`\S`, `\P{L}`).
  var missingProperties: [Property] = []
  /// Nested sets whose members are members.
  var subsets: [ScalarSet] = []
  /// Whether the set is the complement of the above.
  var isNegated = false
  /// Membership of the ASCII scalars, precomputed by ``prepared(tables:)``.
  private var ascii: (UInt64, UInt64) = (0, 0)
  private var isPrepared = false

  /// The set of one scalar.
  init(_ scalar: UInt32) { ranges = [scalar...scalar] }

  /// An empty set, to be filled.
  init() {}

  /// Whether `scalar` is in the set.
  ///
  /// - Complexity: O(1) for ASCII once prepared; otherwise O(items).
  @inline(__always)
  func contains(_ scalar: UInt32, tables: UnicodeTables) -> Bool {
    if scalar < 128, isPrepared {
      return scalar < 64
        ? ascii.0 & (1 << UInt64(scalar)) != 0 : ascii.1 & (1 << UInt64(scalar - 64)) != 0
    }
    return evaluate(scalar, tables: tables)
  }

  private func evaluate(_ scalar: UInt32, tables: UnicodeTables) -> Bool {
    var member = false
    if !properties.isEmpty || !missingProperties.isEmpty {
      let found = tables.properties(scalar)
      member =
        !found.isDisjoint(with: properties)
        || missingProperties.contains { found.isDisjoint(with: $0) }
    }
    if !member { member = ranges.contains { $0.contains(scalar) } }
    if !member { member = subsets.contains { $0.contains(scalar, tables: tables) } }
    return member != isNegated
  }

  /// The set with its ASCII membership precomputed (and its subsets').
  func prepared(tables: UnicodeTables) -> ScalarSet {
    var copy = self
    copy.subsets = subsets.map { $0.prepared(tables: tables) }
    var low: UInt64 = 0
    var high: UInt64 = 0
    for scalar in UInt32(0)..<128 where copy.evaluate(scalar, tables: tables) {
      if scalar < 64 { low |= 1 << UInt64(scalar) } else { high |= 1 << UInt64(scalar - 64) }
    }
    copy.ascii = (low, high)
    copy.isPrepared = true
    return copy
  }

  /// The union of `sets`.
  static func union(_ sets: [ScalarSet]) -> ScalarSet {
    var set = ScalarSet()
    set.subsets = sets
    return set
  }
}
