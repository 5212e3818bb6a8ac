import Foundation
import KelvinSampling
import KelvinTokenizers

/// Texts generated at several temperatures from one prompt and the same seeds, with the
/// measures that show what temperature did to them.
public struct TemperatureComparison: Sendable, Equatable {
  /// One temperature's texts and measures.
  public struct Row: Sendable, Equatable {
    /// The temperature.
    public let temperature: Double
    /// The generated texts, one per sample (without the prompt).
    public let texts: [String]
    /// `exp(−Σ log p / n)` over every generated token of every sample, under the model's raw
    /// distribution: how surprising the texts are to the model.
    public let perplexity: Double
    /// Distinct word bigrams over all bigrams of the texts (``distinctN(_:n:)`` with n = 2).
    public let distinct2: Double
  }

  /// The rows, in the order of the temperatures.
  public let rows: [Row]

  /// Generates `samples` texts at each temperature.
  ///
  /// Sample `s` at every temperature uses the chain `chain(τ, s)`, so rows differ only by
  /// their temperature (give each sample its own random sequence, `s`, to keep them apart).
  ///
  /// - Parameters:
  ///   - temperatures: The temperatures, in order.
  ///   - samples: Texts per temperature, ≥ 1.
  ///   - prompt: The prompt's tokens.
  ///   - model: The model.
  ///   - tokenizer: Its tokenizer.
  ///   - maxTokens: The most tokens per text.
  ///   - chain: The chain for a temperature and a sample index.
  /// - Throws: Errors of the model, the chain or `chain`.
  /// - Complexity: temperatures · samples · maxTokens model calls.
  public init<Model: LanguageModel>(
    temperatures: [Double], samples: Int, prompt: [Int], model: inout Model,
    tokenizer: some Tokenizer, maxTokens: Int,
    chain: (_ temperature: Double, _ sample: Int) throws -> SamplerChain
  ) throws {
    var rows: [Row] = []
    for temperature in temperatures {
      var texts: [String] = []
      var logLikelihood = 0.0
      var count = 0
      for sample in 0..<samples {
        var sampler = try chain(temperature, sample)
        let generation = try generate(
          prompt: prompt, model: &model, chain: &sampler, tokenizer: tokenizer,
          maxTokens: maxTokens)
        texts.append(generation.text)
        logLikelihood += generation.rawLogLikelihood
        count += generation.steps.count
      }
      rows.append(
        Row(
          temperature: temperature, texts: texts,
          perplexity: perplexity(logLikelihood: logLikelihood, count: count),
          distinct2: distinctN(texts, n: 2)
        ))
    }
    self.rows = rows
  }
}
