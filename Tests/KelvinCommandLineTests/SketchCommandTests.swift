import Foundation
import KelvinCommandLine
import Testing

@Suite("kelvin sketch")
struct SketchCommandTests {
  /// softmax(z / τ) from the definition.
  static func softmax(_ z: [Double], _ tau: Double) -> [Double] {
    let w = z.map { Foundation.exp($0 / tau) }
    let s = w.reduce(0, +)
    return w.map { $0 / s }
  }

  @Test("default JSON holds the napkin rows, then the τ → 0 and τ → ∞ limits")
  func napkinJSON() throws {
    let outcome = kelvin("sketch", "--format", "json")
    #expect(outcome.exitCode == .success)
    let json = try parseJSON(outcome.standardOutput)
    let logits = [2.0, 1.0, 0.5, 0.1]
    #expect(numbers(json["logits"]) == logits)
    let rows = try #require(json["rows"] as? [[String: Any]])
    #expect(rows.map { ($0["temperature"] as? NSNumber)?.doubleValue } == [0.5, 1, 2, 0, nil])
    for (row, tau) in zip(rows, [0.5, 1, 2]) {
      let expected = Self.softmax(logits, tau)
      let actual = numbers(row["probabilities"]).compactMap { $0 }
      for (a, e) in zip(actual, expected) { #expect(relativeError(a, e) < 1e-14) }
      let entropy = -expected.map { $0 * Foundation.log($0) }.reduce(0, +)
      #expect(relativeError((row["entropy"] as? NSNumber)?.doubleValue ?? 0, entropy) < 1e-14)
    }
    #expect(numbers(rows[3]["probabilities"]) == [1, 0, 0, 0])
    #expect(numbers(rows[4]["probabilities"]) == [0.25, 0.25, 0.25, 0.25])
    #expect(
      relativeError((rows[4]["entropy"] as? NSNumber)?.doubleValue ?? 0, Foundation.log(4)) < 1e-15)
  }

  @Test("the table shows each class's percentage to one decimal, from the formula")
  func napkinTable() {
    let outcome = kelvin("sketch")
    #expect(outcome.exitCode == .success)
    let text = outcome.standardOutput
    for tau in [0.5, 1.0, 2.0] {
      for p in Self.softmax([2, 1, 0.5, 0.1], tau) {
        #expect(text.contains(String(format: "%.1f%%", 100 * p)))
      }
    }
    #expect(text.contains("τ → 0"))
    #expect(text.contains("τ → ∞"))
    #expect(text.contains("100.0%"))
    #expect(text.contains("25.0%"))
    #expect(text.contains(String(format: "entropy %.3f nats", Foundation.log(4.0))))
  }

  @Test("limits already asked for are not repeated in JSON; masks get probability 0")
  func customTemperatures() throws {
    let outcome = kelvin("sketch", "--logits", "3,-inf,3", "--temperatures", "0,1", "--format=json")
    let rows = try #require(try parseJSON(outcome.standardOutput)["rows"] as? [[String: Any]])
    #expect(rows.count == 3)
    #expect(numbers(rows[0]["probabilities"]) == [0.5, 0, 0.5])
    #expect(numbers(rows[1]["probabilities"]) == [0.5, 0, 0.5])
  }

  @Test("bad temperatures and logits are refused with the right exit code")
  func errors() {
    #expect(kelvin("sketch", "--temperatures", "1,-2").exitCode == .usage)
    #expect(kelvin("sketch", "--logits", "1,nan").exitCode == .dataError)
    #expect(kelvin("sketch", "--logits", "-inf,-inf").exitCode == .dataError)
  }
}
