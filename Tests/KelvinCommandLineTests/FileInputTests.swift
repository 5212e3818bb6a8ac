import Foundation
import Kelvin
import KelvinCommandLine
import Testing

/// The committed fixtures of the KelvinIO tests (written by real NumPy and safetensors).
func fixture(_ name: String) -> String {
  URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("KelvinIOTests/Fixtures/\(name)").path
}

/// A fresh folder, removed when released.
final class Scratch {
  let url: URL
  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("kelvin-cli-\(UUID())")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }
  deinit { try? FileManager.default.removeItem(at: url) }
  func path(_ name: String) -> String { url.appendingPathComponent(name).path }
  func contents() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
  }
}

/// softmax(z / τ) from the definition, max-shifted, in Double.
func referenceSoftmax(_ z: [Double], _ tau: Double) -> [Double] {
  let m = z.max() ?? 0
  let w = z.map { Foundation.exp(($0 - m) / tau) }
  let s = w.reduce(0, +)
  return w.map { $0 / s }
}

@Suite("file inputs and outputs in the CLI")
struct FileInputTests {
  @Test("--input with --row reads that row of a .npy file")
  func rowOfNpy() throws {
    // npy_f4_1d.npy holds [2, 1, 0.5, 0.1] as float32.
    let outcome = kelvin(
      "softmax", "--input", fixture("npy_f4_1d.npy"), "--temperature", "0.5", "--format", "json")
    #expect(outcome.exitCode == .success)
    let p = numbers(try parseJSON(outcome.standardOutput)["probabilities"]).compactMap { $0 }
    let logits = [2, 1, Double(Float(0.5)), Double(Float(0.1))]
    for (a, e) in zip(p, referenceSoftmax(logits, 0.5)) { #expect(relativeError(a, e) < 1e-14) }
  }

  @Test("--output writes every row's softmax, float32 by default, readable by KelvinIO")
  func outputMatrix() throws {
    let scratch = try Scratch()
    let input = scratch.path("logits.npy")
    #expect(
      kelvin("synth", "--rows", "5", "--vocab", "7", "--seed", "3", "--output", input).exitCode
        == .success)
    let output = scratch.path("probs.npy")
    let outcome = kelvin("softmax", "--input", input, "--temperature", "0.7", "--output", output)
    #expect(outcome.exitCode == .success)
    #expect(outcome.standardOutput.contains("5 × 7"))
    let logits = try MatrixFile.open(input)
    let probabilities = try MatrixFile.open(output)
    #expect(probabilities.descriptor.dimensions == [5, 7])
    #expect(probabilities.descriptor.elementType == .float32)
    for row in 0..<5 {
      // The Float kernels' documented tolerance: 1e-5 relative above 1e-30.
      let expected = referenceSoftmax(try logits.row(row), 0.7)
      let actual = try probabilities.row(row)
      for (a, e) in zip(actual, expected) where e > 1e-30 { #expect(relativeError(a, e) <= 1e-5) }
    }
  }

  @Test(
    "--log writes log-probabilities; --output-dtype f8 keeps doubles; other formats work",
    arguments: ["lp.npy", "lp.json", "lp.csv", "lp.safetensors"])
  func logOutput(name: String) throws {
    let scratch = try Scratch()
    let output = scratch.path(name)
    let outcome = kelvin(
      "softmax", "--logits", "0,-inf,1", "--log", "--output-dtype", "f8", "--output", output)
    #expect(outcome.exitCode == .success)
    let values = try MatrixFile.open(output).allValues()
    // log p = z - log(1 + e), -inf stays -inf.
    let logSum = Foundation.log(1 + M_E)
    #expect(
      abs(values[0] + logSum) < 1e-15 && values[1] == -.infinity
        && abs(values[2] - (1 - logSum)) < 1e-15)
  }

  @Test("a NaN in row 2 fails the run, names the row, and leaves the old output untouched")
  func failureLeavesNoPartialOutput() throws {
    let scratch = try Scratch()
    let input = scratch.path("bad.json")
    #expect(
      FileManager.default.createFile(
        atPath: input, contents: Data("[[1, 2], [3, 4], [NaN, 1]]".utf8)))
    let output = scratch.path("out.npy")
    #expect(FileManager.default.createFile(atPath: output, contents: Data("precious".utf8)))
    let outcome = kelvin("softmax", "--input", input, "--output", output)
    #expect(outcome.exitCode == .dataError)
    #expect(outcome.standardOutput.isEmpty)
    #expect(outcome.standardError.contains("bad.json row 2: logits[0] is nan"))
    #expect(try String(contentsOfFile: output, encoding: .utf8) == "precious")
    #expect(try scratch.contents() == ["bad.json", "out.npy"])
  }

  @Test("inspect reports dtype, shape and statistics of every safetensors tensor")
  func inspectSafetensors() throws {
    let outcome = kelvin("inspect", fixture("tensors.safetensors"), "--format", "json")
    #expect(outcome.exitCode == .success)
    let json = try parseJSON(outcome.standardOutput)
    let tensors = try #require(json["tensors"] as? [[String: Any]])
    #expect(tensors.count == 6)
    let f32 = try #require(tensors.first { $0["name"] as? String == "logits_f32" })
    #expect(f32["dtype"] as? String == "F32")
    #expect((f32["shape"] as? [Int]) == [3, 5])
    // The fixture's values: one NaN, one +inf, one -inf; finite extremes -1e4 and 65504.
    #expect(
      f32["nan"] as? Int == 1 && f32["positive_infinity"] as? Int == 1
        && f32["negative_infinity"] as? Int == 1)
    #expect((f32["min"] as? NSNumber)?.doubleValue == -10000)
    #expect((f32["max"] as? NSNumber)?.doubleValue == 65504)
    #expect(
      kelvin("inspect", fixture("tensors.safetensors"), "--tensor", "labels_i32").standardOutput
        .contains("I32 (int32, little-endian)"))
  }

  @Test(
    "input mistakes are usage errors",
    arguments: [
      (
        ["softmax", "--logits", "1,2", "--input", "x.npy"],
        "give either --logits or --input, not both"
      ),
      (
        ["softmax", "--logits", "1,2", "--row", "1"],
        "--row applies only with --input"
      ),
      (
        ["softmax", "--input", fixture("npy_f4_le.npy")],
        "holds 3 rows; choose one with --row K (0…2)"
      ),
      (["softmax", "--input", fixture("npy_f4_le.npy"), "--row", "3"], "--row 3 is out of range"),
      (
        ["softmax", "--input", fixture("npy_f4_le.npy"), "--row", "x"],
        "--row must be a whole number ≥ 0, got 'x'"
      ),
      (["softmax", "--logits", "1,2", "--log"], "--log applies only with --output"),
      (
        ["softmax", "--logits", "1,2", "--output", "a.npy", "--output-dtype", "f3"],
        "--output-dtype must be one of f2, f4, f8"
      ),
      (
        ["softmax", "--input", "a.npy", "--input-format", "xls"],
        "--input-format must be one of npy, safetensors, json, csv, tsv"
      ),
      (["inspect"], "missing required argument '<FILE>'"),
      (
        ["synth", "--vocab", "0", "--output", "x.npy"],
        "--vocab must be a whole number from 1 to 16777216, got '0'"
      ),
    ])
  func usageErrors(arguments: [String], message: String) {
    let outcome = KelvinCommandLine.run(arguments)
    #expect(outcome.exitCode == .usage)
    #expect(outcome.standardError.contains(message), "\(outcome.standardError)")
  }
}
