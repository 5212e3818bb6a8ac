import Foundation

/// The Zipf coefficient `s` of the word frequencies of `texts`.
///
/// Minus the slope of the least-squares line through `(log rank, log frequency)` of the
/// distinct words, ranked by frequency (the fit of Holtzman and others, 2020, over at most
/// their 5,000 most frequent words). Words are split at white space. Large samples of natural
/// English give about 1.
///
/// - Returns: `s`, or `nil` with fewer than two distinct words.
/// - Complexity: O(words + distinct · log distinct).
public func zipfCoefficient(_ texts: [String], mostFrequent limit: Int = 5_000) -> Double? {
  var counts: [Substring: Int] = [:]
  for text in texts {
    for word in text.split(whereSeparator: \.isWhitespace) { counts[word, default: 0] += 1 }
  }
  let frequencies = counts.values.sorted(by: >).prefix(limit)
  guard frequencies.count >= 2 else { return nil }
  let xs = (1...frequencies.count).map { Foundation.log(Double($0)) }
  let ys = frequencies.map { Foundation.log(Double($0)) }
  let meanX = xs.reduce(0, +) / Double(xs.count)
  let meanY = ys.reduce(0, +) / Double(ys.count)
  var covariance = 0.0
  var variance = 0.0
  for (x, y) in zip(xs, ys) {
    covariance += (x - meanX) * (y - meanY)
    variance += (x - meanX) * (x - meanX)
  }
  return -covariance / variance
}
