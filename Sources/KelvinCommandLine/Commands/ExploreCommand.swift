import Kelvin

/// `kelvin explore`: writes the interactive explorer, one self-contained HTML page.
enum ExploreCommand: Command {
  /// The name, help and examples.
  static let configuration = CommandConfiguration(
    name: "explore",
    abstract:
      "Write an interactive page: drag τ and see softmax, the Boltzmann view, the chain and text.",
    discussion: """
      The page (one HTML file: no network access, no external script, font or style) has a \
      logarithmic τ slider whose ends are the limits τ → 0 (greedy) and τ → ∞ (uniform), the \
      bar chart of softmax(z / τ) with its entropy and perplexity, the Boltzmann view at kT = \
      τ (log Z, Z, F, U, S, C and the curve C(τ)), top-k, top-p and min-p in either order \
      (temperature last as llama.cpp, or first as transformers) with the survivors of both, \
      and the built-in model's text at the grid temperature nearest τ (generated now, \
      --samples texts per temperature, with their perplexity). The page keeps its state in \
      the address, #temperature=0.5&top_k=0&top_p=0.9&min_p=0&order=llama (order=hf for \
      temperature first; temperature=inf for the uniform limit), so a link shares a state; the \
      options below set the state the page opens with. It computes in double precision \
      with the rules of Kelvin's processors, and Tests/Browser/run.sh checks what it shows \
      against kelvin softmax, thermo and process in Chromium.
      """,
    examples: [
      "kelvin explore --output explorer.html",
      "kelvin explore --logits 3,1,-inf,1,0 --temperature 2 --top-p 0.8 --output ties.html",
      "kelvin explore --input logits.npy --row 0 --top 30 --output row0.html",
    ])

  /// The options of `kelvin explore`.
  struct Options: CommandOptions {
    var logits = VectorOptions()
    var output = ""
    var temperature = 0.5
    var topK = 0
    var topP = 0.9
    var minP = 0.0
    var chainOrder = SamplerPreset.llama
    var top = 20
    var prompt = "And the LORD said unto Moses,"
    var sampleTemperatures = [0, 0.1, 0.2, 0.3, 0.5, 0.7, 1, 1.5, 2, 3, 5, Double.infinity]
    var samples = 2
    var maxTokens = 120
    var seed: UInt64 = 0
    var model = ModelOptions()

    /// The options, in help order.
    static var declarations: [OptionDeclaration<Options>] {
      VectorOptions.napkinLogits(at: \.logits)
        + [
          .option(
            \.output, "output", "FILE.html", help: "The page to write.", .htmlPath,
            required: true, path: true),
          .option(
            \.temperature, "temperature", "T", help: "The temperature the page opens at.",
            .temperature),
          .option(
            \.topK, "top-k", "K",
            help: "The top-k the page opens with (at most the logits' count).",
            .integer(0...Limits.explorerLogits.upperBound, note: "0 keeps all")),
          .option(
            \.topP, "top-p", "P", help: "The top-p the page opens with.",
            .number(.unitInterval, note: "1 keeps all")),
          .option(
            \.minP, "min-p", "P", help: "The min-p the page opens with.",
            .number(.unitInterval, note: "0 keeps all")),
          .option(
            \.chainOrder, "chain-order", "order",
            help:
              "The order the page opens with: llama (temperature last) or hf (temperature first).",
            .choice(SamplerPreset.self)),
          .top(\.top),
          .option(
            \.prompt, "prompt", "TEXT", help: "The text the model's samples continue.", .anyText),
          .option(
            \.sampleTemperatures, "sample-grid", "T1,T2,…",
            help: "The grid of temperatures at which the model's texts are generated.",
            .list(of: .temperature, count: Limits.temperatureCount)),
          .option(
            \.samples, "samples", "N", help: "Texts per grid temperature.",
            .integer(Limits.samples)),
          .option(
            \.maxTokens, "max-tokens", "N", help: "The most characters per text.",
            .integer(Limits.generatedTokens)),
          .option(\.seed, "seed", "S", help: "Seed of the model's samples.", .seed),
        ] + ModelOptions.declarations(at: \.model)
    }

    /// `--logits` or `--input`, and the file options only with `--input`.
    static var relations: [OptionRelation<Options>] {
      VectorOptions.relations(at: \.logits)
    }
  }

  /// Generates the samples and writes the page.
  static func run(_ options: Options, output: CommandOutput) throws {
    let file = try AtomicOutputFile(path: options.output)
    let template = try ExplorerPage.template()
    let napkin = options.logits.values == nil && options.logits.file.path == nil
    let input = try options.logits.vector(flag: "--logits", fallback: SketchCommand.napkinLogits)
    let logits = input.values
    guard Limits.explorerLogits.contains(logits.count) else {
      throw CommandError.data(
        "\(input.origin): \(logits.count) logits; the explorer embeds at most \(Limits.explorerLogits.upperBound)"
      )
    }
    guard options.topK <= logits.count else {
      throw CommandError.usage(
        "--top-k \(options.topK): at most the number of logits, \(logits.count)", flag: "--top-k")
    }
    // softmax checks the data: NaN and +inf are errors, every logit masked is one.
    _ = try input.compute { try $0.softmax(temperature: 1) }
    var built = try options.model.model()
    let prompt = try built.encode(options.prompt, what: "--prompt")
    let seed = options.seed
    let comparison = try TemperatureComparison(
      temperatures: options.sampleTemperatures, samples: options.samples, prompt: prompt,
      model: &built.model, tokenizer: built.tokenizer, maxTokens: options.maxTokens
    ) { temperature, sample in
      SamplerChain([try Temperature(temperature)], seed: seed, sequence: UInt64(sample))
    }
    let page = ExplorerPage(
      logits: logits,
      source: napkin ? "The napkin example." : "From \(input.origin).",
      top: options.top,
      state: .init(
        temperature: options.temperature, topK: options.topK, topP: options.topP,
        minP: options.minP, order: options.chainOrder),
      samples: .init(
        prompt: options.prompt,
        model:
          "Texts from the built-in character-level model (order \(options.model.order), Kneser–Ney, \(options.model.corpus ?? "the bundled King James corpus")), at most \(options.maxTokens) characters each.",
        seed: seed, comparison: comparison))
    let html = try page.html(template: template)
    try file.write(html)
    try file.commit()
    try output.line(
      "wrote \(options.output) (\(html.utf8.count) bytes): open it in a browser; the address keeps the state, e.g. #temperature=0.5&top_k=0&top_p=0.9&min_p=0&order=llama"
    )
  }
}
