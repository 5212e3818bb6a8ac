import Kelvin

/// `kelvin thermo`: the Boltzmann distribution of energy levels and its thermodynamics.
enum ThermoCommand: Command {
  /// The name, help and examples.
  static let configuration = CommandConfiguration(
    name: "thermo",
    abstract: "Print the Boltzmann distribution of energies at kT, with log Z, F, U, S and C.",
    discussion: """
      p_i = exp(-E_i / kT) / Z. Units have k = 1: F = -kT log Z and U = Σ p E are energies, \
      the entropy S = (U - F) / kT and the heat capacity C = Var(E) / (kT)² are in units of k \
      (S in nats). An energy of inf is a forbidden state. Logits are negative energies: \
      softmax(z / τ) is this distribution for E = -z at kT = τ.
      """,
    examples: [
      "kelvin thermo --energies 0,1,1,2 --kT 0.5",
      "kelvin thermo --energies -2,-1,-0.5,-0.1 --kT 1 --format json",
    ])

  /// The options of `kelvin thermo`.
  struct Options: CommandOptions {
    var energies = VectorOptions()
    var thermalEnergy = 1.0
    var top = 20
    var format = OutputFormat.table

    /// The options, in help order.
    static var declarations: [OptionDeclaration<Options>] {
      VectorOptions.declarations(
        at: \.energies, "energies", "E", help: "Comma-separated energy levels; inf forbids a state."
      )
        + [
          .option(\.thermalEnergy, "kT", "X", help: "Thermal energy kT.", .number(.finiteAbove(0))),
          .top(\.top), .format(\.format),
        ]
    }

    /// `--energies` or `--input`, and the file options only with `--input`.
    static var relations: [OptionRelation<Options>] {
      VectorOptions.relations(at: \.energies) + [.tableOnly(\.top, \.format)]
    }
  }

  /// Computes and prints the quantities.
  static func run(_ options: Options, output: CommandOutput) throws {
    let kT = options.thermalEnergy
    let input = try options.energies.vector(flag: "--energies")
    let system = try input.compute { try BoltzmannDistribution(energies: $0, thermalEnergy: kT) }
    guard options.format == .table else {
      return try output.json(Document(kT: kT, system))
    }
    try output.line("Boltzmann distribution at kT = \(NumberFormatting.shortest(kT)) (k = 1)\n")
    let energies = input.values
    let shown = ShownEntries(weights: system.probabilities, top: options.top)
    try TextFormatting.stream(
      header: ["state", "energy", "probability"], count: shown.indices.count,
      widths: [String(energies.count - 1).count, 13, 11], to: output
    ) { row in
      let index = shown.indices[row]
      return [
        String(index), TextFormatting.readable(energies[index]),
        TextFormatting.compact(system.probabilities[index]),
      ]
    }
    if let note = shown.note("states") { try output.line(note) }
    let value = { (x: Double) in TextFormatting.compact(x) }
    try output.write(
      "\n"
        + TextFormatting.table(
          [
            ["log partition function", "log Z", value(system.logPartitionFunction)],
            ["free energy", "F = -kT log Z", value(system.freeEnergy)],
            ["mean energy", "U = Σ p E", value(system.meanEnergy)],
            ["entropy (nats, units of k)", "S = (U - F) / kT", value(system.entropy)],
            ["heat capacity (units of k)", "C = Var(E) / kT²", value(system.heatCapacity)],
          ], leftAligned: 2))
  }
}

extension ThermoCommand {
  /// `kelvin thermo --format json`: the distribution and its thermodynamic quantities.
  struct Document: Encodable {
    let kT: Double
    let probabilities: [Double]
    let logPartitionFunction: Double
    let freeEnergy: Double
    let meanEnergy: Double
    let entropy: Double
    let heatCapacity: Double

    init(kT: Double, _ system: BoltzmannDistribution) {
      self.kT = kT
      probabilities = system.probabilities
      logPartitionFunction = system.logPartitionFunction
      freeEnergy = system.freeEnergy
      meanEnergy = system.meanEnergy
      entropy = system.entropy
      heatCapacity = system.heatCapacity
    }

    enum CodingKeys: String, CodingKey {
      case kT, probabilities
      case logPartitionFunction = "log_partition_function"
      case freeEnergy = "free_energy"
      case meanEnergy = "mean_energy"
      case entropy
      case heatCapacity = "heat_capacity"
    }
  }
}
