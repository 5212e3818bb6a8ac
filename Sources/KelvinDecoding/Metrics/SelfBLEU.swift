import Foundation

/// Sentence BLEU-4 (Papineni and others, 2002) of `hypothesis` against `references`, over
/// words split at white space, as NLTK's `sentence_bleu` with its default uniform weights and
/// `SmoothingFunction().method1` (the form Texygen's self-BLEU uses).
///
/// `BLEU = BP · exp(¼ Σₙ log pₙ)` for n = 1…4, where `pₙ` is the clipped n-gram precision
/// (each hypothesis n-gram counts at most as often as it appears in one reference) and a
/// precision with no match is replaced by `0.1 / (hypothesis n-grams)` (method 1). The
/// brevity penalty `BP = exp(1 − r / c)` when the hypothesis length `c` is below `r`, the
/// reference length closest to `c` (the shorter on a tie), else 1.
///
/// - Returns: From 0 to 1; `nil` for a hypothesis of fewer than 4 words or no references.
/// - Complexity: O((hypothesis + references) words).
public func bleu4(_ hypothesis: [Substring], references: [[Substring]]) -> Double? {
  guard hypothesis.count >= 4, !references.isEmpty else { return nil }
  var logPrecision = 0.0
  for n in 1...4 {
    let counts = nGramCounts(hypothesis, n: n)
    var maximum: [ArraySlice<Substring>: Int] = [:]
    for reference in references {
      for (gram, count) in nGramCounts(reference, n: n) where count > maximum[gram] ?? 0 {
        maximum[gram] = count
      }
    }
    let total = hypothesis.count - n + 1
    let matched = counts.reduce(0) { $0 + min($1.value, maximum[$1.key] ?? 0) }
    logPrecision += Foundation.log(
      matched == 0 ? 0.1 / Double(total) : Double(matched) / Double(total))
  }
  let length = hypothesis.count
  let closest =
    references.map(\.count).min {
      let (a, b) = (abs($0 - length), abs($1 - length))
      return a < b || (a == b && $0 < $1)
    } ?? length
  let brevity = length >= closest ? 1 : Foundation.exp(1 - Double(closest) / Double(length))
  return brevity * Foundation.exp(logPrecision / 4)
}

/// Self-BLEU-4: the mean over the texts of each one's BLEU-4 against all the others.
///
/// The diversity measure of Zhu and others (2018, Texygen) that Holtzman and others (2020)
/// report, with ``bleu4(_:references:)``: 1 when every text is the same; lower is more diverse.
///
/// Texts of fewer than 4 words are not scored (they still serve as references).
///
/// - Returns: The mean, or `nil` with fewer than two texts or none of 4 words.
/// - Complexity: O(texts² · words).
public func selfBLEU4(_ texts: [String]) -> Double? {
  let words = texts.map { $0.split(whereSeparator: \.isWhitespace) }
  guard words.count >= 2 else { return nil }
  var total = 0.0
  var scored = 0
  for index in words.indices {
    let others = words.indices.filter { $0 != index }.map { words[$0] }
    if let score = bleu4(words[index], references: others) {
      total += score
      scored += 1
    }
  }
  return scored == 0 ? nil : total / Double(scored)
}

/// The count of each n-gram of `words`.
func nGramCounts(_ words: [Substring], n: Int) -> [ArraySlice<Substring>: Int] {
  var counts: [ArraySlice<Substring>: Int] = [:]
  guard words.count >= n else { return counts }
  for start in 0...(words.count - n) { counts[words[start..<(start + n)], default: 0] += 1 }
  return counts
}
