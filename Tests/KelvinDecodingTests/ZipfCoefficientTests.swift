import Foundation
import KelvinDecoding
import Testing

@Suite("Zipf coefficient")
struct ZipfCoefficientTests {
  @Test("exact power laws give their exponent")
  func exactPowerLaw() throws {
    // Frequencies 12, 6, 4, 3 at ranks 1–4 are 12 / r exactly: log f = log 12 − 1 · log r,
    // so the least-squares slope is −1 and s = 1.
    let text =
      (Array(repeating: "a", count: 12) + Array(repeating: "b", count: 6)
      + Array(repeating: "c", count: 4) + Array(repeating: "d", count: 3)).joined(separator: " ")
    #expect(abs((try #require(zipfCoefficient([text]))) - 1) < 1e-12)
    // Two words, 4 and 1: slope (log 1 − log 4) / (log 2 − log 1) = −2, so s = 2; split over
    // two texts, the counts pool.
    #expect(abs((try #require(zipfCoefficient(["x x y", "x x"]))) - 2) < 1e-12)
    // Every word once: a flat line, s = 0.
    #expect(abs((try #require(zipfCoefficient(["p q r s t"])))) < 1e-12)
  }

  @Test("fewer than two distinct words give no value")
  func undefined() {
    #expect(zipfCoefficient([]) == nil)
    #expect(zipfCoefficient(["same same same"]) == nil)
  }
}
