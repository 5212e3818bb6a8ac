import KelvinSampling
import Testing

@testable import KelvinConstraints

/// The byte automaton: states that cannot reach a match are removed, transitions are total
/// over bytes, and hostile patterns stop at the declared limits.
@Suite("byte DFA")
struct ByteDFATests {
  @Test("a state with no way to a match is dead, and so is every transition into it")
  func pruned() throws {
    // [^\x00-\u{10FFFF}] matches nothing: the branch through it is dead from its first byte.
    let dfa = try ByteDFA(pattern: "ab|a[^\\x00-\\u{10FFFF}]c")
    let afterA = dfa.next(dfa.start, UInt8(ascii: "a"))
    #expect(afterA >= 0 && !dfa.accepting[Int(afterA)])
    #expect(dfa.next(afterA, UInt8(ascii: "b")) >= 0)
    for byte in 0...255 where byte != Int(UInt8(ascii: "b")) {
      #expect(dfa.next(afterA, UInt8(byte)) == ByteDFA.dead)
    }
    #expect(dfa.transitions.count == dfa.stateCount * 256)
    let nothing = try ByteDFA(pattern: "[^\\x00-\\u{10FFFF}]")
    #expect(nothing.start == ByteDFA.dead)
    #expect(dfa.next(ByteDFA.dead, 0x61) == ByteDFA.dead)
  }

  @Test("the limits are the caller's")
  func limits() throws {
    #expect(throws: RegexError.self) {
      try ByteDFA(pattern: "[ab]{0,30}", limits: ByteDFA.Limits(nfaStates: 50, dfaStates: 100))
    }
    #expect(throws: RegexError.self) {
      try ByteDFA(pattern: "(a|b)*a(a|b){6}", limits: ByteDFA.Limits(dfaStates: 100))
    }
    #expect(try ByteDFA(pattern: "(a|b)*a(a|b){6}").stateCount == 128)
  }

  @Test("hostile patterns fail with a clear error, quickly")
  func hostile() throws {
    let nested = String(repeating: "(", count: 10_000) + "a" + String(repeating: ")", count: 10_000)
    #expect(throws: RegexError.self) { try ByteDFA(pattern: nested) }
    // State explosion: the n-th symbol from the end needs 2^n DFA states.
    do {
      _ = try ByteDFA(pattern: "(a|b)*a(a|b){20}")
      Issue.record("compiled a 2^21-state automaton")
    } catch let error as RegexError {
      #expect(error.description.contains("automaton states"))
    }
    // Counted repetition is expanded: a million copies stop at the NFA limit.
    #expect(throws: RegexError.self) { try ByteDFA(pattern: "(a{1000}){1000}") }
    #expect(throws: RegexError.self) {
      try ByteDFA(pattern: String(repeating: "a", count: RegexParser.maximumLength + 1))
    }
  }
}
