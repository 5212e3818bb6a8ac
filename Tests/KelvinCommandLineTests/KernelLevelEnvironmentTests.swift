import Foundation
import Kelvin
import KelvinCommandLine
import Testing

/// `KELVIN_KERNEL_LEVEL`: a command runs with the level it names, `bench` reports it, and a
/// wrong or missing level is a usage error naming the variable and its value.
@Suite("KELVIN_KERNEL_LEVEL")
struct KernelLevelEnvironmentTests {
  static func bench(_ environment: [String: String]) -> CommandOutcome {
    KelvinCommandLine.run(
      [
        "bench", "--chain", "min_p=0.05;dist", "--vocab", "4096", "--iterations", "3",
        "--format", "json",
      ],
      environment: environment)
  }

  @Test("bench reports the level it ran with: the detected one, or each one the CPU has")
  func reported() throws {
    let plain = Self.bench([:])
    #expect(plain.exitCode == .success, "\(plain.standardError)")
    #expect(
      try parseJSON(plain.standardOutput)["kernel_level"] as? String
        == KernelLevel.detected.description)
    for level in KernelLevel.available {
      let outcome = Self.bench(["KELVIN_KERNEL_LEVEL": level.description])
      #expect(outcome.exitCode == .success, "\(outcome.standardError)")
      #expect(
        try parseJSON(outcome.standardOutput)["kernel_level"] as? String
          == level.description)
    }
    // The same seed draws the same tokens at every level.
    let draws = KernelLevel.available.map { level in
      KelvinCommandLine.run(
        [
          "sample", "--logits", "2,1,0.5,0.1,3,-1", "--temperature", "0.9", "--top-p", "0.9",
          "--count", "64", "--seed", "5",
        ],
        environment: ["KELVIN_KERNEL_LEVEL": level.description]
      ).standardOutput
    }
    #expect(Set(draws).count == 1 && !draws[0].isEmpty)
  }

  @Test("an unknown name or a level this CPU lacks is a usage error naming the value")
  func refused() {
    let unknown = Self.bench(["KELVIN_KERNEL_LEVEL": "sse9"])
    #expect(unknown.exitCode == .usage && unknown.standardOutput.isEmpty)
    #expect(unknown.standardError.contains("KELVIN_KERNEL_LEVEL='sse9'"))
    #expect(unknown.standardError.contains("portable, avx2, avx512"))
    if KernelLevel.detected != .avx512 {
      let missing = Self.bench(["KELVIN_KERNEL_LEVEL": "avx512"])
      #expect(missing.exitCode == .usage && missing.standardOutput.isEmpty)
      #expect(missing.standardError.contains("KELVIN_KERNEL_LEVEL=avx512"))
      #expect(missing.standardError.contains("not supported by this CPU"))
    }
    // An empty value is unset.
    #expect(Self.bench(["KELVIN_KERNEL_LEVEL": ""]).exitCode == .success)
  }
}
