import Foundation
import KelvinCommandLine
import Testing

@Suite("kelvin thermo")
struct ThermoCommandTests {
  @Test("a two-level system matches its closed forms")
  func twoLevelJSON() throws {
    // Levels 0 and 1 at kT = 0.5: x = 2, Z = 1 + e^-2, U = 1/(1 + e²), C = x² e^x/(1 + e^x)².
    let outcome = kelvin("thermo", "--energies", "0,1", "--kT", "0.5", "--format", "json")
    #expect(outcome.exitCode == .success)
    let json = try parseJSON(outcome.standardOutput)
    let value = { (key: String) in (json[key] as? NSNumber)?.doubleValue ?? .nan }
    let e2 = Foundation.exp(2.0)
    let logZ = Foundation.log(1 + 1 / e2)
    #expect(value("kT") == 0.5)
    #expect(relativeError(value("log_partition_function"), logZ) < 1e-15)
    #expect(relativeError(value("free_energy"), -0.5 * logZ) < 1e-15)
    #expect(relativeError(value("mean_energy"), 1 / (1 + e2)) < 1e-14)
    #expect(relativeError(value("entropy"), (value("mean_energy") + 0.5 * logZ) / 0.5) < 1e-14)
    #expect(relativeError(value("heat_capacity"), 4 * e2 / ((1 + e2) * (1 + e2))) < 1e-13)
    let p = numbers(json["probabilities"]).compactMap { $0 }
    #expect(relativeError(p[0], e2 / (1 + e2)) < 1e-15)
  }

  @Test("the table names each quantity with its formula")
  func table() {
    let text = kelvin("thermo", "--energies", "0,1,1,2").standardOutput
    for label in ["log Z", "F = -kT log Z", "U = Σ p E", "S = (U - F) / kT", "C = Var(E) / kT²"] {
      #expect(text.contains(label))
    }
  }
}
