import Foundation
import Kelvin
import KelvinCommandLine
import Testing

@Suite("kelvin calibrate, kd-loss and distill")
struct CalibrationCommandTests {
  /// Writes logits and labels; labels are drawn from softmax(z) so τ = 1 is right, and the
  /// logits are then multiplied by 2 (so τ ≈ 2 is right).
  static func files(_ scratch: Scratch) throws -> (logits: String, labels: String) {
    var generator = Xoshiro256StarStar(seed: 8)
    let logits = scratch.path("logits.npy")
    let labels = scratch.path("labels.csv")
    let writer = try MatrixWriter(path: logits, dimensions: [4000, 4], elementType: .float64)
    var labelText = ""
    for _ in 0..<4000 {
      let z = (0..<4).map { _ in 4 * (generator.nextUnitInterval() - 0.5) }
      let p = try z.softmax()
      let u = generator.nextUnitInterval()
      var label = 3
      var cumulative = 0.0
      for (k, value) in p.enumerated() {
        cumulative += value
        if u < cumulative {
          label = k
          break
        }
      }
      try writer.append(z.map { $0 * 2 })
      labelText += "\(label)\n"
    }
    try writer.commit()
    #expect(FileManager.default.createFile(atPath: labels, contents: Data(labelText.utf8)))
    return (logits, labels)
  }

  @Test(
    "fits τ ≈ 2 on logits doubled, lowers NLL, keeps accuracy; writes the diagram and applied probabilities"
  )
  func fitFromFiles() throws {
    let scratch = try Scratch()
    let (logits, labels) = try Self.files(scratch)
    let diagram = scratch.path("reliability.svg")
    let applied = scratch.path("calibrated.npy")
    let outcome = KelvinCommandLine.run([
      "calibrate", "--input", logits, "--labels", labels, "--diagram", diagram, "--apply", logits,
      "--output", applied, "--format", "json",
    ])
    #expect(outcome.exitCode == .success, "\(outcome.standardError)")
    let json = try parseJSON(outcome.standardOutput)
    let tau = (json["temperature"] as? NSNumber)?.doubleValue ?? 0
    // 4,000 examples: the standard error of τ is about 0.03; the bound is 0.15.
    #expect(abs(tau - 2) < 0.15)
    let before = try #require(json["before"] as? [String: Any])
    let after = try #require(json["after"] as? [String: Any])
    #expect(
      ((after["nll"] as? NSNumber)?.doubleValue ?? 9)
        < ((before["nll"] as? NSNumber)?.doubleValue ?? 0))
    #expect((after["accuracy"] as? NSNumber) == (before["accuracy"] as? NSNumber))
    let svg = try String(contentsOfFile: diagram, encoding: .utf8)
    #expect(svg.hasPrefix("<svg") && svg.contains("ECE"))
    // The applied file holds softmax(z / τ) of each row.
    let first = try MatrixFile.open(logits).row(0)
    let calibrated = try MatrixFile.open(applied).row(0)
    let expected = try first.softmax(temperature: tau)
    for (a, b) in zip(calibrated, expected) { #expect(abs(a - b) < 1e-6) }
  }

  @Test("bad calibration inputs are data errors naming the problem")
  func badInputs() throws {
    let scratch = try Scratch()
    let (logits, _) = try Self.files(scratch)
    func labels(_ text: String) -> String {
      let path = scratch.path("bad-\(UUID()).csv")
      #expect(FileManager.default.createFile(atPath: path, contents: Data(text.utf8)))
      return path
    }
    let out = KelvinCommandLine.run([
      "calibrate", "--input", logits, "--labels", labels(String(repeating: "7\n", count: 4000)),
    ])
    #expect(out.exitCode == .dataError && out.standardError.contains("label 0 is 7, outside 0…3"))
    let short = KelvinCommandLine.run([
      "calibrate", "--input", logits, "--labels", labels("1\n2\n"),
    ])
    #expect(short.exitCode == .dataError && short.standardError.contains("2 labels for 4000 rows"))
    let single = scratch.path("single.json")
    #expect(FileManager.default.createFile(atPath: single, contents: Data("[[1, 2, 3]]".utf8)))
    let one = KelvinCommandLine.run(["calibrate", "--input", single, "--labels", labels("1\n")])
    #expect(one.exitCode == .dataError && one.standardError.contains("at least 2 rows"))
    let nan = scratch.path("nan.json")
    #expect(FileManager.default.createFile(atPath: nan, contents: Data("[[1, NaN], [0, 1]]".utf8)))
    let nanOutcome = KelvinCommandLine.run([
      "calibrate", "--input", nan, "--labels", labels("1\n0\n"),
    ])
    #expect(
      nanOutcome.exitCode == .dataError
        && nanOutcome.standardError.contains("row 0: logits must be finite"))
  }

  @Test("kd-loss reports the loss and its parts; α = 0 is the cross-entropy")
  func kdLoss() throws {
    let scratch = try Scratch()
    let student = scratch.path("s.json")
    let teacher = scratch.path("t.json")
    let labels = scratch.path("y.csv")
    #expect(
      FileManager.default.createFile(atPath: student, contents: Data("[[1, 2, 0], [0, 0, 1]]".utf8))
    )
    #expect(
      FileManager.default.createFile(atPath: teacher, contents: Data("[[2, 1, 0], [1, 0, 0]]".utf8))
    )
    #expect(FileManager.default.createFile(atPath: labels, contents: Data("1\n2\n".utf8)))
    let json = try parseJSON(
      KelvinCommandLine.run([
        "kd-loss", "--student", student, "--teacher", teacher, "--labels", labels, "--temperature",
        "2", "--alpha", "0", "--format", "json",
      ]).standardOutput)
    // CE = −(log softmax([1,2,0])[1] + log softmax([0,0,1])[2]) / 2.
    let ce = -((2 - log(exp(1.0) + exp(2.0) + 1)) + (1 - log(2 + exp(1.0)))) / 2
    #expect(relativeError((json["loss"] as? NSNumber)?.doubleValue ?? 0, ce) < 1e-12)
    #expect(
      KelvinCommandLine.run([
        "kd-loss", "--student", student, "--teacher", teacher, "--temperature", "2",
      ]).exitCode == .usage)
  }

  @Test("kd-loss reports the cross-entropy whenever labels are given, and null without them")
  func kdLossTerms() throws {
    let scratch = try Scratch()
    let student = scratch.path("s.json")
    let teacher = scratch.path("t.json")
    let labels = scratch.path("y.csv")
    #expect(FileManager.default.createFile(atPath: student, contents: Data("[[1, 2, 0]]".utf8)))
    #expect(FileManager.default.createFile(atPath: teacher, contents: Data("[[2, 1, 0]]".utf8)))
    #expect(FileManager.default.createFile(atPath: labels, contents: Data("1\n".utf8)))
    let withLabels = try parseJSON(
      KelvinCommandLine.run([
        "kd-loss", "--student", student, "--teacher", teacher, "--labels", labels,
        "--temperature", "2", "--alpha", "1", "--format", "json",
      ]).standardOutput)
    // At α = 1 the CE term weighs nothing but is still −log softmax([1,2,0])[1].
    let ce = -(2 - log(exp(1.0) + exp(2.0) + 1))
    #expect(relativeError((withLabels["ce_term"] as? NSNumber)?.doubleValue ?? 0, ce) < 1e-12)
    #expect(withLabels["loss"] as? NSNumber == withLabels["kl_term"] as? NSNumber)
    let without = try parseJSON(
      KelvinCommandLine.run([
        "kd-loss", "--student", student, "--teacher", teacher, "--temperature", "2", "--alpha",
        "1", "--format", "json",
      ]).standardOutput)
    #expect(without["ce_term"] is NSNull)
    let table = KelvinCommandLine.run([
      "kd-loss", "--student", student, "--teacher", teacher, "--temperature", "2", "--alpha", "1",
    ])
    #expect(table.standardOutput.contains("n/a (no labels)"))
  }

  @Test("a fit whose optimum is a limit says so on stderr and in JSON")
  func limitIsReported() throws {
    let scratch = try Scratch()
    // Every example right with a margin: the NLL falls all the way to τ → 0.
    let logits = scratch.path("separable.json")
    let labels = scratch.path("separable.csv")
    #expect(
      FileManager.default.createFile(
        atPath: logits, contents: Data("[[3, 0], [0, 3], [2, 0], [0, 5]]".utf8)))
    #expect(FileManager.default.createFile(atPath: labels, contents: Data("0\n1\n0\n1\n".utf8)))
    let outcome = KelvinCommandLine.run([
      "calibrate", "--input", logits, "--labels", labels, "--format", "json",
    ])
    #expect(outcome.exitCode == .success)
    #expect(outcome.standardError.hasPrefix("warning: the NLL keeps falling as τ → 0"))
    let json = try parseJSON(outcome.standardOutput)
    #expect(json["limit"] as? String == "zero")
  }
}
