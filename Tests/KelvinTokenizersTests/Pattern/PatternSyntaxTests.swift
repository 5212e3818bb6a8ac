import Testing

@testable import KelvinTokenizers

/// The parser: what it reads, and the errors it names.
@Suite struct PatternSyntaxTests {
  static func parse(_ pattern: String) throws -> PatternNode {
    var parser = PatternParser(pattern, tables: try UnicodeTables.load())
    return try parser.parse()
  }

  @Test func topLevelAlternativesAndQuantifiers() throws {
    guard case .alternation(let branches) = try Self.parse("a|b+|c{2,3}?") else {
      Issue.record("not an alternation")
      return
    }
    #expect(branches.count == 3)
    guard case .sequence(let items) = branches[2],
      case .repeated(_, 2, 3, false, false)? = items.first
    else {
      Issue.record("c{2,3}? is not a lazy repetition from 2 to 3")
      return
    }
  }

  @Test func anInvalidIntervalIsALiteralBrace() throws {
    // Oniguruma reads "a{x}" as the text "a{x}".
    guard case .sequence(let items) = try Self.parse("a{x}") else { return }
    #expect(items.count == 4)
  }

  @Test func errorsNameThePatternAndThePlace() {
    #expect {
      _ = try Self.parse("(ab")
    } throws: { error in
      "\(error)".contains("\"(ab\"") && "\(error)".contains("missing ')'")
    }
  }
}
