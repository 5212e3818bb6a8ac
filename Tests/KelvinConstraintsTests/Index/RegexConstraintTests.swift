import KelvinSampling
import Testing

@testable import KelvinConstraints

/// `RegexConstraint`'s own rules: the end of sequence only in an accepting state and nothing
/// after it, a token split inside a UTF-8 character, text accepted as bytes, copies that fork.
@Suite("regex constraint")
struct RegexConstraintTests {
  /// 0: end of sequence, 1: "ca", 2: "f" + 0xC3, 3: 0xA9, 4: "é", 5: "x", 6: "caf".
  static func makeVocabulary() throws -> TokenVocabulary {
    try TokenVocabulary(
      tokens: [
        [], Array("ca".utf8), [0x66, 0xC3], [0xA9], Array("é".utf8), [0x78], Array("caf".utf8),
      ],
      endOfSequence: 0)
  }

  @Test("café spelt through a token that ends inside é")
  func splitCharacter() throws {
    var constraint = try RegexConstraint(pattern: "café", vocabulary: try Self.makeVocabulary())
    #expect(constraint.allowedTokens.tokens == [1, 6])
    constraint.accept(1)
    #expect(constraint.allowedTokens.tokens == [2])  // "f\xC3"; "f" alone is not a token
    var fork = constraint
    constraint.accept(2)
    #expect(constraint.allowedTokens.tokens == [3] && !constraint.isComplete)
    constraint.accept(3)
    #expect(constraint.isComplete && constraint.allowedTokens.tokens == [0])
    constraint.accept(0)
    #expect(constraint.isFinished && constraint.allowedTokens.isEmpty)
    // The fork kept its own state.
    #expect(fork.allowedTokens.tokens == [2])
    fork.accept(5)
    #expect(fork.state == ByteDFA.dead && fork.allowedTokens.isEmpty)
    fork.reset()
    fork.accept(bytes: Array("caf".utf8))
    #expect(fork.allowedTokens.tokens == [4])
  }

  @Test("the end of sequence before a complete match leaves nothing allowed; names are short")
  func earlyEnd() throws {
    var constraint = try RegexConstraint(pattern: "x+", vocabulary: try Self.makeVocabulary())
    #expect(constraint.allowedTokens.tokens == [5])
    constraint.accept(0)
    #expect(constraint.allowedTokens.isEmpty && !constraint.isComplete)
    let long = try RegexConstraint(
      pattern: String(repeating: "x", count: 100), vocabulary: try Self.makeVocabulary())
    #expect(long.name.count < 70)
  }

  @Test("a prefix whose only completions need a byte no token spells is not allowed")
  func tokenLiveness() throws {
    // The vocabulary has no "\n" and no "b": "x\nb" cannot be written, "xx" can.
    var constraint = try RegexConstraint(pattern: "x\nb|xx", vocabulary: try Self.makeVocabulary())
    #expect(constraint.allowedTokens.tokens == [5])
    constraint.accept(5)
    #expect(constraint.allowedTokens.tokens == [5])
    let impossible = try RegexConstraint(pattern: "x\nb", vocabulary: try Self.makeVocabulary())
    #expect(impossible.allowedTokens.isEmpty && !impossible.index.isLive(impossible.state))
  }
}
