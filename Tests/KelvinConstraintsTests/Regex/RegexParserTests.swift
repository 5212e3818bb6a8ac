import KelvinCore
import KelvinSampling
import Testing

@testable import KelvinConstraints

/// The subset's meaning, checked against Swift's own `Regex` (an independent engine) on
/// strings made from each pattern's alphabet; and the refusals, each naming its place.
@Suite("regex subset")
struct RegexParserTests {
  static let cases: [(pattern: String, alphabet: [String])] = [
    ("[0-9]+(\\.[0-9]{1,2})?", ["0", "7", ".", "a"]),
    ("(ab|a)*c", ["a", "b", "c"]),
    ("a{2,3}|b{0,1}c+", ["a", "b", "c"]),
    ("[^a-c]x?", ["a", "d", "x", "é", "\n"]),
    ("café|naïve|日本", ["c", "a", "f", "é", "n", "ï", "v", "e", "日", "本"]),
    ("[α-ωé]{1,2}", ["α", "β", "ω", "é", "e", "ά"]),
    (".{0,2}é", ["a", "é", "\n", "日"]),
    ("\\x41\\u00e9\\u{65e5}", ["A", "é", "日"]),
    ("[\\[\\]\\-]+", ["[", "]", "-", "a"]),
    ("-?(0|[1-9][0-9]*)", ["-", "0", "1", "9"]),
    ("^(?:yes|no)$", ["y", "e", "s", "n", "o"]),
    ("a*?b", ["a", "b"]),
  ]

  @Test("whole matches agree with Swift's Regex on every string of up to 4 symbols")
  func agreesWithSwiftRegex() throws {
    for (pattern, alphabet) in Self.cases {
      let dfa = try ByteDFA(pattern: pattern)
      let reference = try Regex(pattern)
      var strings = [""]
      var layer = [""]
      for _ in 0..<4 {
        layer = layer.flatMap { prefix in alphabet.map { prefix + $0 } }
        strings += layer
      }
      for string in strings {
        let ours =
          dfa.start >= 0
          && {
            let state = dfa.next(dfa.start, Array(string.utf8))
            return state >= 0 && dfa.accepting[Int(state)]
          }()
        let theirs = string.wholeMatch(of: reference) != nil
        #expect(ours == theirs, "\(pattern) on \(string.debugDescription)")
      }
    }
  }

  @Test(
    "patterns outside the subset are refused at the right character",
    arguments: [
      ("a)", 1), ("(a", 0), ("[a", 0), ("*a", 0), ("a**", 2), ("a{2,1}", 1), ("a{1001}", 1),
      ("(?=a)", 0), ("\\1", 0), ("a^b", 1), ("[z-a]", 1), ("\\q", 0), ("a{", 1), ("[[:alpha:]]", 1),
    ])
  func refusals(pattern: String, offset: Int) {
    do {
      _ = try ByteDFA(pattern: pattern)
      Issue.record("accepted \(pattern)")
    } catch let error as RegexError {
      #expect(error.offset == offset, "\(pattern): \(error)")
    } catch {
      Issue.record("\(error)")
    }
  }
}
