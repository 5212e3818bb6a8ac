/// The canonical (Boltzmann) distribution of a system with discrete energy levels, and its
/// thermodynamic quantities, all in units where Boltzmann's constant k = 1.
///
/// State i is occupied with probability `p_i = exp(-E_i / kT) / Z`, `Z = Σ_j exp(-E_j / kT)`.
/// From Z follow the free energy `F = -kT log Z`, the mean energy `U = Σ p_i E_i`, the entropy
/// `S = (U - F) / kT` (in nats, i.e. units of k) and the heat capacity `C = Var(E) / (kT)²`
/// (units of k), which also equal `S = -Σ p log p`, `U = -d log Z / dβ` and
/// `C = β² d² log Z / dβ²` with β = 1/kT.
///
/// Logits are negative energies: `softmax(z / τ)` is exactly the Boltzmann distribution of
/// `E = -z` at `kT = τ` (see ``init(logits:temperature:)``).
///
/// An energy of `+inf` is a forbidden state (probability exactly 0), the counterpart of a
/// masked logit.
///
/// Numerics: every quantity is computed relative to the ground-state energy `E_min`
/// (`log Z = -E_min / kT + log Σ exp(-(E_i - E_min) / kT)`, `S = Σ p (E - E_min) / kT +
/// log Σ …`), so nothing overflows or cancels for energies of ±1e30 or kT from 1e-30 to 1e30.
public struct BoltzmannDistribution: Sendable, Equatable {
  /// The energy levels `E_i`.
  public let energies: [Double]
  /// The thermal energy `kT > 0`.
  public let thermalEnergy: Double
  /// The occupation probabilities `p_i`.
  public let probabilities: [Double]
  /// `log Z`, the natural log of the partition function.
  public let logPartitionFunction: Double
  /// The Helmholtz free energy `F = -kT log Z`.
  public let freeEnergy: Double
  /// The mean (internal) energy `U = Σ p_i E_i`.
  public let meanEnergy: Double
  /// The entropy `S = (U - F) / kT = -Σ p log p`, in nats (units of k).
  public let entropy: Double
  /// The heat capacity `C = Var(E) / (kT)²`, in units of k.
  public let heatCapacity: Double

  /// Computes the distribution and every quantity of it.
  ///
  /// - Parameters:
  ///   - energies: Energy levels: finite, or `+inf` for a forbidden state.
  ///   - thermalEnergy: `kT`, finite and > 0.
  /// - Throws: ``KelvinError/invalidThermalEnergy(_:)``, ``KelvinError/emptyInput(field:)``,
  ///   ``KelvinError/invalidEnergy(index:value:)`` for NaN or `-inf`, and
  ///   ``KelvinError/everyStateForbidden(count:)``.
  /// - Complexity: O(n).
  public init(energies: [Double], thermalEnergy: Double) throws {
    guard thermalEnergy.isFinite, thermalEnergy > 0 else {
      throw KelvinError.invalidThermalEnergy(thermalEnergy)
    }
    guard !energies.isEmpty else { throw KelvinError.emptyInput(field: "energies") }
    var ground = Double.infinity
    for (index, energy) in energies.enumerated() {
      if energy.isNaN || energy == -.infinity {
        throw KelvinError.invalidEnergy(index: index, value: energy)
      }
      ground = min(ground, energy)
    }
    guard ground < .infinity else { throw KelvinError.everyStateForbidden(count: energies.count) }

    let kT = thermalEnergy
    // Boltzmann factors relative to the ground state: the largest is exp(0) = 1.
    let factors = energies.map { Elementary.exp(-(($0 - ground) / kT)) }
    let sum = factors.reduce(0, +)
    let probabilities = factors.map { $0 / sum }
    let logSum = Elementary.log(sum)

    // Excitation energies E - E_min, weighted; forbidden states (p = 0) are skipped so that
    // 0 · inf never arises.
    var meanExcitation = 0.0
    for (probability, energy) in zip(probabilities, energies) where probability > 0 {
      meanExcitation += probability * (energy - ground)
    }
    var variance = 0.0
    for (probability, energy) in zip(probabilities, energies) where probability > 0 {
      let deviation = (energy - ground) - meanExcitation
      variance += probability * deviation * deviation
    }

    self.energies = energies
    self.thermalEnergy = kT
    self.probabilities = probabilities
    self.logPartitionFunction = -ground / kT + logSum
    self.freeEnergy = ground - kT * logSum
    self.meanEnergy = ground + meanExcitation
    self.entropy = meanExcitation / kT + logSum
    self.heatCapacity = variance / kT / kT
  }

  /// The Boltzmann distribution equivalent to `softmax(logits / temperature)`: energies
  /// `E = -z` at `kT = τ`.
  ///
  /// - Parameters:
  ///   - logits: Logits: finite, or `-inf` for a masked token.
  ///   - temperature: τ, finite and > 0 (the limits 0 and ∞ have no finite thermodynamics).
  /// - Throws: ``KelvinError`` as ``init(energies:thermalEnergy:)``, reported for energies.
  public init(logits: [Double], temperature: Double) throws {
    try self.init(energies: logits.map { -$0 }, thermalEnergy: temperature)
  }
}
