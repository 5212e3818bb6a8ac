import Testing

@testable import KelvinTokenizers

/// Character classes: the prepared ASCII table agrees with the general test on every scalar
/// below U+0800, for classes with ranges, properties, complements and nesting.
@Suite struct ScalarSetTests {
  @Test func preparedMembershipEqualsTheDefinition() throws {
    let tables = try UnicodeTables.load()
    var letters = ScalarSet()
    letters.properties = .letter
    var notSpace = ScalarSet()
    notSpace.missingProperties = [.space]
    var digitsOrX = ScalarSet(0x78)
    digitsOrX.ranges.append(0x30...0x39)
    var negated = ScalarSet.union([letters, digitsOrX])
    negated.isNegated = true
    for set in [letters, notSpace, digitsOrX, negated] {
      let prepared = set.prepared(tables: tables)
      for scalar in UInt32(0)..<0x800 {
        let properties = tables.properties(scalar)
        let expected: Bool
        switch set.isNegated {
        case true:
          expected =
            !(properties.contains(.letter) || scalar == 0x78 || (0x30...0x39).contains(scalar))
        case false:
          if !set.properties.isEmpty {
            expected = properties.contains(.letter)
          } else if !set.missingProperties.isEmpty {
            expected = !properties.contains(.space)
          } else {
            expected = scalar == 0x78 || (0x30...0x39).contains(scalar)
          }
        }
        #expect(prepared.contains(scalar, tables: tables) == expected, "\(scalar)")
      }
    }
  }
}
