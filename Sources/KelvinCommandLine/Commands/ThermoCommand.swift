import Kelvin

/// `kelvin thermo`: the Boltzmann distribution of energy levels and its thermodynamics.
public enum ThermoCommand: Command {
  /// The command's declaration.
  public static let spec = CommandSpec(
    name: "thermo",
    abstract: "Print the Boltzmann distribution of energies at kT, with log Z, F, U, S and C.",
    discussion: """
      p_i = exp(-E_i / kT) / Z. Units have k = 1: F = -kT log Z and U = Σ p E are energies, \
      the entropy S = (U - F) / kT and the heat capacity C = Var(E) / (kT)² are in units of k \
      (S in nats). An energy of inf is a forbidden state. Logits are negative energies: \
      softmax(z / τ) is this distribution for E = -z at kT = τ.
      """,
    options: []
      + VectorInput.options(
        "energies", "E", help: "Comma-separated energy levels; inf forbids a state.")
      + [
        .value("kT", "X", help: "Thermal energy kT, finite and > 0.", default: "1"),
        .format,
      ],
    examples: [
      "kelvin thermo --energies 0,1,1,2 --kT 0.5",
      "kelvin thermo --energies -2,-1,-0.5,-0.1 --kT 1 --format json",
    ])

  /// Computes and prints the quantities.
  public static func run(_ arguments: ParsedArguments) throws -> String {
    let format = try OutputFormat(arguments)
    let kT = try ValueParsing.positiveFinite(arguments.required("kT"), flag: "kT")
    let input = try VectorInput.vector("energies", from: arguments)
    let energies = input.values
    let system = try input.compute { try BoltzmannDistribution(energies: $0, thermalEnergy: kT) }

    switch format {
    case .json:
      return JSONValue.object([
        ("kT", .number(kT)),
        ("probabilities", .numbers(system.probabilities)),
        ("log_partition_function", .number(system.logPartitionFunction)),
        ("free_energy", .number(system.freeEnergy)),
        ("mean_energy", .number(system.meanEnergy)),
        ("entropy", .number(system.entropy)),
        ("heat_capacity", .number(system.heatCapacity)),
      ]).serialized + "\n"
    case .table:
      var text = "Boltzmann distribution at kT = \(NumberFormatting.shortest(kT)) (k = 1)\n\n"
      var rows = [["state", "energy", "probability"]]
      for index in energies.indices {
        rows.append([
          String(index), TextFormatting.readable(energies[index]),
          TextFormatting.compact(system.probabilities[index]),
        ])
      }
      text += TextFormatting.table(rows, leftAligned: 0) + "\n"
      let value = { (x: Double) in TextFormatting.compact(x) }
      text += TextFormatting.table(
        [
          ["log partition function", "log Z", value(system.logPartitionFunction)],
          ["free energy", "F = -kT log Z", value(system.freeEnergy)],
          ["mean energy", "U = Σ p E", value(system.meanEnergy)],
          ["entropy (nats, units of k)", "S = (U - F) / kT", value(system.entropy)],
          ["heat capacity (units of k)", "C = Var(E) / kT²", value(system.heatCapacity)],
        ], leftAligned: 2)
      return text
    }
  }
}
