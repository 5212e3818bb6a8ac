import KelvinCore
import Testing

@Suite("softmax on spans")
struct SoftmaxSpanTests {
  static let logits: [Float] = (0..<1_000).map { Float(($0 * 53) % 211) / 7 - 15 }

  @Test("the span forms give the buffer forms' bits, in place and out of place")
  func sameBits() throws {
    for temperature in [0, 0.7, 1, 3, Double.infinity] {
      var viaBuffer = [Float](repeating: 0, count: Self.logits.count)
      try Self.logits.withUnsafeBufferPointer { input in
        try viaBuffer.withUnsafeMutableBufferPointer {
          try input.softmax(temperature: temperature, into: $0)
        }
      }
      var viaSpan = [Float](repeating: 0, count: Self.logits.count)
      var output = viaSpan.mutableSpan
      try Self.logits.span.softmax(temperature: temperature, into: &output)
      #expect(viaSpan.map(\.bitPattern) == viaBuffer.map(\.bitPattern))
      var inPlace = Self.logits
      var span = inPlace.mutableSpan
      try span.formSoftmax(temperature: temperature)
      #expect(inPlace.map(\.bitPattern) == viaBuffer.map(\.bitPattern))
    }
    var logarithms = Self.logits
    var span = logarithms.mutableSpan
    try span.formLogSoftmax(temperature: 0.5)
    #expect(logarithms == (try Self.logits.logSoftmax(temperature: 0.5)))
    #expect(try Self.logits.span.logSumExp(temperature: 2) == Self.logits.logSumExp(temperature: 2))
  }

  @Test("errors are the buffer forms' errors, and nothing is written")
  func errors() throws {
    var row: [Float] = [1, .nan, 2]
    var span = row.mutableSpan
    #expect(throws: KelvinError.self) { try span.formSoftmax() }
    #expect(row[0] == 1 && row[1].isNaN && row[2] == 2)
  }
}
