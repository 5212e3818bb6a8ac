import Kelvin

/// `kelvin bench --op constraint`: the cost of a JSON-schema constraint over a synthetic
/// byte-level vocabulary: the index build (time and memory), then per generated token the
/// mask computation (look the mask up, accept the token) and the mask applied to V logits.
struct ConstraintBenchmark {
  /// The schema timed: an object of each supported type (the README's example).
  static let schema = #"""
    {"type": "object",
     "properties": {
       "name": {"type": "string", "minLength": 1, "maxLength": 40},
       "age": {"type": "integer", "minimum": 0, "maximum": 150},
       "score": {"type": "number"},
       "member": {"type": "boolean"},
       "tier": {"enum": ["free", "pro", "team"]},
       "tags": {"type": "array", "items": {"type": "string", "maxLength": 12}, "maxItems": 5}
     },
     "required": ["name", "age", "score", "member", "tier", "tags"]}
    """#

  /// The smallest vocabulary: every single byte and the end of sequence.
  static let minimumVocabulary = 257

  /// A byte-level vocabulary of `size` tokens, made from a seed: the 256 single bytes, the
  /// numbers 0–999, JSON punctuation pieces, the bundled corpus's words with and without a
  /// leading space, then seeded random pieces of 2–9 bytes (lower-case letters mostly, some
  /// bytes ≥ 0x80 so that pieces of UTF-8 characters occur), and last an end of sequence.
  static func vocabulary(size: Int, seed: UInt64) throws -> TokenVocabulary {
    var seen = Set<[UInt8]>()
    var tokens: [[UInt8]] = []
    func add(_ bytes: [UInt8]) {
      guard tokens.count < size - 1, !bytes.isEmpty, seen.insert(bytes).inserted else { return }
      tokens.append(bytes)
    }
    for byte in 0...255 { add([UInt8(byte)]) }
    for number in 0..<1_000 { add(Array(String(number).utf8)) }
    for piece in [
      #"{""#, #"":"#, #"",""#, #"":""#, #""}"#, #",""#, "true", "false", "null", "[]", #"[""#,
      #""]"#,
    ] {
      add(Array(piece.utf8))
    }
    let words = Set(try BuiltInModel.bundledCorpus().split { !$0.isLetter }.map(String.init))
    for word in words.sorted() {
      add(Array(word.utf8))
      add(Array((" " + word).utf8))
    }
    var random = SplitMix64(seed: seed)
    while tokens.count < size - 1 {
      let length = 2 + Int(random.next() % 8)
      add(
        (0..<length).map { _ in
          let draw = random.next()
          return draw % 16 == 0 ? UInt8(0x80 + draw >> 8 % 0x40) : UInt8(0x61 + (draw >> 8) % 26)
        })
    }
    tokens.append([])
    return try TokenVocabulary(tokens: tokens, endOfSequence: tokens.count - 1)
  }

  /// The figures of one run.
  struct Figures {
    let vocabulary: Int
    let dfaStates: Int
    let masks: Int
    let indexBytes: Int
    let buildMilliseconds: Double
    let steps: Int
    let pattern: String
    let maskMicroseconds: [Double]
    let applyMicroseconds: [Double]
  }

  /// Builds and times: the bench schema over the synthetic vocabulary, or the options'
  /// pattern and `--tokenizer` file.
  ///
  /// - Throws: File errors; ``CommandError`` (64) for a pattern outside the subset or one that
  ///   no text of the vocabulary matches.
  static func run(_ options: BenchCommand.Options, output: CommandOutput) throws -> Figures {
    let seed = options.seed
    let iterations = options.iterations
    let vocabulary =
      try options.tokenizer.map {
        try VocabularyFile.read(
          json: try InputFile.contents(of: $0), path: $0, endOfSequence: options.eos)
      } ?? vocabulary(size: options.vocabulary, seed: seed)
    let vocabularySize = vocabulary.count
    let (flag, pattern) =
      try options.constraint.pattern()
      ?? (
        "--op constraint",
        JSONSchemaPattern.pattern(json: Array(schema.utf8), path: "the bench schema")
      )
    let clock = ContinuousClock()
    let start = clock.now
    var constraint = try ConstraintOptions.compile(
      pattern, flag: flag, over: vocabulary, unmatchable: "")
    let build = (clock.now - start).milliseconds
    // A seeded path to a full match, preferring long tokens (as a model would).
    var random = SplitMix64(seed: seed)
    var path: [Int] = []
    while !constraint.isComplete || (path.count < 40 && random.next() % 8 != 0) {
      let allowed = constraint.allowedTokens.tokens.filter { $0 != vocabulary.endOfSequence }
      guard !allowed.isEmpty else { break }
      let pick = allowed.max { a, b in
        (vocabulary.tokens[a].count, a &* 2_654_435_761 % 97) < (
          vocabulary.tokens[b].count, b &* 2_654_435_761 % 97
        )
      }
      let token =
        random.next() % 2 == 0
        ? pick ?? allowed[0] : allowed[Int(random.next() % UInt64(allowed.count))]
      path.append(token)
      constraint.accept(token)
    }
    var generator = GaussianLogits(standardDeviation: 3, seed: seed)
    let values: [Float] = generator.next(vocabularySize, as: Float.self)
    let timer = BenchmarkTimer(iterations: iterations)
    // The mask computation: a whole path per call (a step is far below the timer's grain).
    var walker = constraint
    var sink = 0
    let maskTimes = try timer.measure(output: output, prepare: { walker.reset() }) {
      for token in path {
        sink &+= walker.allowedTokens.words.count
        walker.accept(token)
      }
    }
    // The mask applied: the constraint item on a fresh candidate set of V logits, one step
    // per call (loading the set is not timed: every chain step does it anyway).
    var item = ConstraintProcessor(walker)
    item.reset()
    var candidates = CandidateSet()
    var context = SamplingContext(
      random: Xoshiro256StarStar(seed: seed), vocabularySize: vocabularySize)
    var step = 0
    var failure: (any Error)?
    let applyTimes = try timer.measure(
      output: output,
      prepare: {
        if step == path.count {
          item.reset()
          step = 0
        }
        do { try values.withUnsafeBufferPointer { _ = try candidates.load($0) } } catch {
          failure = error
        }
      }
    ) {
      try item.process(&candidates, context: &context)
      sink &+= candidates.count
      item.accept(path[step])
      step += 1
    }
    if let failure { throw failure }
    if sink == Int.min { output.warn("unreachable") }
    let perStep = { (times: [Double]) in times.map { $0 / Double(path.count) } }
    return Figures(
      vocabulary: vocabularySize, dfaStates: constraint.index.dfa.stateCount,
      masks: constraint.index.masks.count, indexBytes: constraint.index.memoryBytes,
      buildMilliseconds: build, steps: path.count, pattern: pattern,
      maskMicroseconds: perStep(maskTimes),
      applyMicroseconds: applyTimes)
  }
}
