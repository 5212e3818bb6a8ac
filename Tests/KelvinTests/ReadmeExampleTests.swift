import Foundation
import Kelvin
import Testing

/// The README's library example, compiled and run.
///
/// The README cannot drift from the API this way. Expected values follow from the definitions
/// (τ = 0 is one-hot on the unique maximum).
@Suite("README example")
struct ReadmeExampleTests {
  @Test("the sampler chain example: a span in, and the typed chain equal to the parsed one")
  func chainExample() throws {
    let logits: [Float] = (0..<500).map { Float(($0 * 37) % 101) / 10 - 5 }
    var chain = try SamplerChain(
      specification: "penalties(last_n=64,repeat=1.1);top_k=40;top_p=0.95;temperature=0.7",
      seed: 42)
    var typed = SamplerChain(
      ChainDescription([
        try Penalties(repeat: 1.1), try TopK(40), try TopP(0.95), try Temperature(0.7),
      ]),
      seed: 42)
    #expect(typed.specification == chain.specification)
    for _ in 0..<20 {
      let step = try chain.sample(logits.span, topLogprobs: 5)
      let same = try logits.withUnsafeBufferPointer { try typed.sample($0, topLogprobs: 5) }
      #expect(step.token == same.token && step.topLogprobs.count == 5)
      #expect(step.rawLogprob == same.rawLogprob)
    }
  }

  @Test("the library example compiles and gives the documented results")
  func libraryExample() throws {
    let logits: [Float] = [2.0, 1.0, 0.5, 0.1]
    let p = try logits.softmax(temperature: 0.7)
    let logP = try logits.logSoftmax(temperature: 0.7)
    let logZ = try logits.logSumExp(temperature: 0.7)
    let greedy = try logits.softmax(temperature: 0)
    let h = try entropy(of: p)
    let kl = try klDivergence(p, try logits.softmax(temperature: 2))
    #expect(abs(p.reduce(0, +) - 1) < 1e-6)
    #expect(zip(p, logP).allSatisfy { abs(Double($0.0) - Foundation.exp(Double($0.1))) < 1e-6 })
    #expect(logZ > 2 / 0.7)  // log Σ exp(z/τ) exceeds max(z)/τ
    #expect(greedy == [1, 0, 0, 0])
    #expect(h > 0 && h < Foundation.log(4.0))
    #expect(kl > 0)

    var row: [Float] = [0.3, -1.2, 4.0]
    var span = row.mutableSpan
    try span.formSoftmax(temperature: 0.5)
    #expect(row[2] > 0.99)

    let system = try BoltzmannDistribution(energies: [0, 1, 1, 2], thermalEnergy: 0.5)
    #expect(abs(system.entropy - (system.meanEnergy - system.freeEnergy) / 0.5) < 1e-12)

    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("readme-\(UUID())")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let logitsPath = folder.appendingPathComponent("logits.npy").path
    let input = try MatrixWriter(path: logitsPath, dimensions: [3, 4])
    for row in [[2.0, 1, 0.5, 0.1], [0, 0, 0, 0], [1, 2, 3, 4]] { try input.append(row) }
    try input.commit()

    let source = try MatrixFile.open(logitsPath)
    let third = try source.row(2)
    let probsPath = folder.appendingPathComponent("probs.npy").path
    let writer = try MatrixWriter(path: probsPath, dimensions: [source.columns])
    try writer.append(try third.softmax(temperature: 0.7))
    try writer.commit()
    #expect(third == [1, 2, 3, 4])
    #expect(try MatrixFile.open(probsPath).descriptor.dimensions == [4])

    var generator = Xoshiro256StarStar(seed: 42)
    let u = generator.nextUnitInterval()
    #expect(u >= 0 && u < 1)
  }
}

// MARK: - The README's model-wrapping example, verbatim

/// What an LLM runtime typically offers (llama.cpp's llama_decode, MLX, Core ML state).
protocol IncrementalRuntime {
  var vocabularySize: Int { get }
  var endOfSequenceToken: Int { get }
  mutating func removeCachedTokens(from position: Int)  // llama_memory_seq_rm and kin
  mutating func evaluate(_ tokens: ArraySlice<Int>) throws
  func logitsOfLastToken() -> [Float]
}

/// Any such runtime as a Kelvin `LanguageModel`, reusing its key-value cache.
struct CachedLanguageModel<Runtime: IncrementalRuntime>: LanguageModel {
  var runtime: Runtime
  var cached: [Int] = []

  var vocabularySize: Int { runtime.vocabularySize }
  var endOfSequence: Int? { runtime.endOfSequenceToken }

  mutating func logits(after context: [Int], into logits: inout [Float]) throws {
    let common = zip(cached, context).prefix { $0 == $1 }.count
    runtime.removeCachedTokens(from: common)  // beam search may switch branches
    try runtime.evaluate(context[common...])  // usually one new token
    cached = context
    logits = runtime.logitsOfLastToken()
  }
}

/// A fake runtime that counts the tokens it evaluates: its next-token logits prefer
/// (last token + 1) mod 4.
struct CountingRuntime: IncrementalRuntime {
  let vocabularySize = 4
  let endOfSequenceToken = 3
  var state: [Int] = []
  var evaluated = 0
  mutating func removeCachedTokens(from position: Int) { state.removeLast(state.count - position) }
  mutating func evaluate(_ tokens: ArraySlice<Int>) throws {
    evaluated += tokens.count
    state += tokens
  }
  func logitsOfLastToken() -> [Float] {
    let next = ((state.last ?? -1) + 1) % 4
    return (0..<4).map { $0 == next ? 2 : 0 }
  }
}

@Suite("README model wrapper")
struct ReadmeModelWrapperTests {
  @Test("the cached wrapper evaluates each generated token once")
  func incremental() throws {
    var model = CachedLanguageModel(runtime: CountingRuntime())
    var chain = try SamplerChain(specification: "greedy")
    let tokenizer = CharacterTokenizer(alphabet: ["a", "b", "c", "\n"])
    let result = try generate(
      prompt: [0], model: &model, chain: &chain, tokenizer: tokenizer, maxTokens: 10)
    // Greedy from "a": b, c, end. Evaluated: the prompt (1) and each generated token but the
    // last (2) = 3 tokens, not the 1 + 2 + 3 a stateless re-read would cost.
    #expect(result.steps.map(\.token) == [1, 2, 3])
    #expect(model.runtime.evaluated == 3)
  }
}
