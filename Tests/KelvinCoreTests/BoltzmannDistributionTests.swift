import Foundation
import KelvinCore
import Testing

@Suite("Boltzmann distribution")
struct BoltzmannDistributionTests {
  static let energies = [0.0, 1.0, 1.0, 2.0, 3.5]

  @Test("a two-level system matches its closed forms")
  func twoLevelSystem() throws {
    // Levels 0 and ε at kT: Z = 1 + e^{-x} with x = ε/kT; U = ε / (1 + e^{x});
    // C = x² e^{x} / (1 + e^{x})² (the Schottky anomaly).
    let epsilon = 1.5
    let kT = 0.8
    let x = epsilon / kT
    let system = try BoltzmannDistribution(energies: [0, epsilon], thermalEnergy: kT)
    #expect(
      relativeError(system.logPartitionFunction, Foundation.log(1 + Foundation.exp(-x))) < 1e-15)
    #expect(relativeError(system.meanEnergy, epsilon / (1 + Foundation.exp(x))) < 1e-14)
    let expectedC = x * x * Foundation.exp(x) / ((1 + Foundation.exp(x)) * (1 + Foundation.exp(x)))
    #expect(relativeError(system.heatCapacity, expectedC) < 1e-13)
    #expect(relativeError(system.freeEnergy, -kT * system.logPartitionFunction) < 1e-15)
  }

  @Test("d log Z / dβ = -U, by central finite differences", arguments: [0.3, 1, 4])
  func derivativeOfLogZIsMinusU(kT: Double) throws {
    let beta = 1 / kT
    let h = 1e-5 * beta
    let derivative =
      (Reference.logPartition(Self.energies, beta: beta + h)
        - Reference.logPartition(Self.energies, beta: beta - h)) / (2 * h)
    let system = try BoltzmannDistribution(energies: Self.energies, thermalEnergy: kT)
    // Truncation error h² f'''/6 ≈ 1e-10 β², rounding ≈ 1e-16 / h.
    #expect(abs(derivative + system.meanEnergy) < 1e-8)
  }

  @Test("C = β² Var(E) = β² d² log Z / dβ², by second differences", arguments: [0.3, 1, 4])
  func heatCapacityIsSecondDerivative(kT: Double) throws {
    let beta = 1 / kT
    let h = 1e-4 * beta
    let logZ = { Reference.logPartition(Self.energies, beta: $0) }
    let second = (logZ(beta + h) - 2 * logZ(beta) + logZ(beta - h)) / (h * h)
    let system = try BoltzmannDistribution(energies: Self.energies, thermalEnergy: kT)
    #expect(relativeError(system.heatCapacity, beta * beta * second) < 1e-5)
  }

  @Test("S = (U - F) / kT equals the Shannon entropy of p", arguments: [0.05, 0.5, 2, 50])
  func entropyIdentity(kT: Double) throws {
    let system = try BoltzmannDistribution(energies: Self.energies, thermalEnergy: kT)
    #expect(abs(system.entropy - (system.meanEnergy - system.freeEnergy) / kT) < 1e-12)
    #expect(abs(system.entropy - Reference.entropy(system.probabilities)) < 1e-12)
  }

  @Test(
    "softmax(z / τ) is the Boltzmann distribution of E = -z at kT = τ", arguments: [0.25, 1, 3])
  func softmaxEquivalence(temperature: Double) throws {
    let logits = gaussianLogits(count: 25, sigma: 2, seed: 17)
    let system = try BoltzmannDistribution(energies: logits.map { -$0 }, thermalEnergy: temperature)
    #expect(
      maximumRelativeError(system.probabilities, try logits.softmax(temperature: temperature))
        < 1e-13)
    #expect(
      relativeError(system.logPartitionFunction, try logits.logSumExp(temperature: temperature))
        < 1e-14)
    #expect(
      relativeError(system.entropy, try entropy(of: logits.softmax(temperature: temperature)))
        < 1e-12)
    #expect(try BoltzmannDistribution(logits: logits, temperature: temperature) == system)
  }

  @Test("stable at energies of ±1e30 and kT of 1e-30 and 1e30")
  func extremes() throws {
    let cold = try BoltzmannDistribution(energies: [1e30, -1e30], thermalEnergy: 1e-30)
    #expect(cold.probabilities == [0, 1])
    #expect(cold.meanEnergy == -1e30 && cold.freeEnergy == -1e30)
    #expect(cold.entropy == 0 && cold.heatCapacity == 0)
    #expect(cold.logPartitionFunction == 1e60)
    // At kT = 1e30 the levels ±1e30 are ∓1 in units of kT: p = (1/(1+e²), e²/(1+e²)).
    let hot = try BoltzmannDistribution(energies: [1e30, -1e30], thermalEnergy: 1e30)
    #expect(relativeError(hot.probabilities[0], 1 / (1 + Foundation.exp(2.0))) < 1e-15)
    // C = x² e^x / (1 + e^x)² with x = 2.
    let e2 = Foundation.exp(2.0)
    #expect(relativeError(hot.heatCapacity, 4 * e2 / ((1 + e2) * (1 + e2))) < 1e-13)
  }

  @Test("inf is a forbidden state with probability 0")
  func forbiddenStates() throws {
    let system = try BoltzmannDistribution(energies: [0, .infinity, 1], thermalEnergy: 1)
    let reference = try BoltzmannDistribution(energies: [0, 1], thermalEnergy: 1)
    #expect(system.probabilities[1] == 0)
    #expect(system.meanEnergy == reference.meanEnergy)
    #expect(system.heatCapacity == reference.heatCapacity)
  }

  @Test("invalid energies and kT are typed errors")
  func invalidInputs() {
    for kT in [0, -1, Double.infinity] {
      #expect(throws: KelvinError.invalidThermalEnergy(kT)) {
        try BoltzmannDistribution(energies: [0], thermalEnergy: kT)
      }
    }
    #expect(throws: KelvinError.invalidEnergy(index: 1, value: -.infinity)) {
      try BoltzmannDistribution(energies: [0, -.infinity], thermalEnergy: 1)
    }
    #expect(throws: KelvinError.everyStateForbidden(count: 2)) {
      try BoltzmannDistribution(energies: [.infinity, .infinity], thermalEnergy: 1)
    }
    #expect(throws: KelvinError.emptyInput(field: "energies")) {
      try BoltzmannDistribution(energies: [], thermalEnergy: 1)
    }
  }
}
