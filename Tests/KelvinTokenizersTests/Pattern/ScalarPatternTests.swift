import Testing

@testable import KelvinTokenizers

/// The pattern engine's semantics, each case's expectation written from Oniguruma's rules
/// (leftmost match; alternatives in order; greedy, lazy and possessive quantifiers; atomic
/// lookahead), and its limits.
@Suite struct ScalarPatternTests {
  static func matches(_ pattern: String, _ text: String) throws -> [String] {
    let compiled = try ScalarPattern(pattern, tables: try UnicodeTables.load())
    let scalars = text.scalarValues
    var scratch = ScalarPattern.Scratch()
    let found = try scalars.withUnsafeBufferPointer {
      try compiled.matches(in: $0, scratch: &scratch)
    }
    return found.map { Array(scalars[$0]).text }
  }

  @Test func alternativesAreTriedInOrderNotLongestFirst() throws {
    // Perl/Oniguruma: the first alternative that matches wins, so "a|ab" finds "a" in "ab".
    #expect(try Self.matches("a|ab", "ab") == ["a"])
  }

  @Test func greedyRunsGiveBackForALookahead() throws {
    // GPT-2's \s+(?!\S): of three spaces before a word, the first two (the last stays with
    // the word).
    #expect(try Self.matches(#"\s+(?!\S)|\s+"#, "   x") == ["  ", " "])
  }

  @Test func lazyAndCountedQuantifiers() throws {
    #expect(try Self.matches("a.*?b", "aXbYb") == ["aXb"])
    #expect(try Self.matches(#"\p{N}{1,3}"#, "12345") == ["123", "45"])
    #expect(try Self.matches("x{2}", "xxxxx") == ["xx", "xx"])
  }

  @Test func possessiveAndAtomicNeverGiveBack() throws {
    // a++a can never match: the run takes every a.
    #expect(try Self.matches("a++a", "aaaa").isEmpty)
    #expect(try Self.matches("(?>a+)b", "aaab") == ["aaab"])
  }

  @Test func caseInsensitiveGroupsUseOnigurumasFolds() throws {
    // (?i:'s) matches 'S and 'ſ (U+017F LATIN SMALL LETTER LONG S), as Oniguruma folds it.
    #expect(try Self.matches("(?i:'s)", "'s 'S '\u{17F}") == ["'s", "'S", "'\u{17F}"])
  }

  @Test func unicodeClasses() throws {
    #expect(try Self.matches(#"\p{L}+"#, "héllo wörld 日本") == ["héllo", "wörld", "日本"])
    #expect(try Self.matches(#"[^\s\p{L}\p{N}]+"#, "a, b!?") == [",", "!?"])
    #expect(try Self.matches(#"\p{N}"#, "٣x²") == ["٣", "²"])
  }

  @Test func emptyMatchesAdvanceAsFindIterDoes() throws {
    // x* over "ab": empty matches at 0, 1 and 2; over "xax": "x", then (skipping the empty
    // match where "x" ended) "x".
    #expect(try Self.matches("x*", "ab") == ["", "", ""])
    #expect(try Self.matches("x*", "xax") == ["x", "x"])
  }

  @Test func unsupportedSyntaxIsAnErrorNotADifferentMatch() {
    let tables = try? UnicodeTables.load()
    for pattern in ["(?<=a)b", "[a&&b]", #"\p{Greek}"#, "(a", "a)", "*a", #"\k<x>"#, "(?x)a"] {
      #expect(throws: TokenizerError.self, "\(pattern)") {
        _ = try ScalarPattern(pattern, tables: tables ?? UnicodeTables(text: []))
      }
    }
  }

  @Test func unboundedRepetitionOfTheEmptyIsRefused() throws {
    #expect(throws: TokenizerError.self) {
      _ = try ScalarPattern("(a*)*", tables: try UnicodeTables.load())
    }
  }

  @Test func aPathologicalSearchStopsAtTheStepLimit() throws {
    // (a|a)+ b over 40 a's without b: 2^40 paths; the search stops with an error.
    let pattern = try ScalarPattern(
      "(?:a|a)+b", tables: try UnicodeTables.load(), stepLimit: 200_000)
    let text = [UInt32](repeating: 0x61, count: 40)
    var scratch = ScalarPattern.Scratch()
    #expect(throws: TokenizerError.self) {
      _ = try text.withUnsafeBufferPointer { try pattern.matches(in: $0, scratch: &scratch) }
    }
  }
}
