import Foundation
import KelvinCore
import Testing

@Suite("softmax of a batch of rows")
struct SoftmaxRowsTests {
  @Test("each row is its own softmax, bit for bit, on any number of threads", arguments: [1, 2, 3])
  func rowsAreIndependent(threads: Int) throws {
    var generator = GaussianLogits(standardDeviation: 3, seed: 4)
    let batch: [Float] = generator.next(7 * 1000)
    var expected = batch
    try expected.withUnsafeMutableBufferPointer { buffer in
      for row in 0..<7 {
        try UnsafeMutableBufferPointer(rebasing: buffer[(row * 1000)..<((row + 1) * 1000)])
          .formSoftmax(temperature: 0.7)
      }
    }
    var work = batch
    try work.withUnsafeMutableBufferPointer {
      try $0.formSoftmaxRows(length: 1000, temperature: 0.7, threads: threads)
    }
    #expect(work == expected)
    var logs = batch
    try logs.withUnsafeMutableBufferPointer {
      try $0.formSoftmaxRows(length: 1000, temperature: 0.7, logarithm: true, threads: threads)
    }
    // The Float kernels' documented accuracy: 1e-5 relative for probabilities above 1e-30.
    for (p, logP) in zip(work, logs) where p > 1e-30 {
      #expect(abs(Foundation.exp(Double(logP)) - Double(p)) <= 1e-5 * Double(p))
    }
  }

  @Test("a bad row's error comes out")
  func errors() {
    var batch: [Float] = [1, 2, .nan, 0]
    #expect(throws: KelvinError.self) {
      try batch.withUnsafeMutableBufferPointer {
        try $0.formSoftmaxRows(length: 2, temperature: 1, threads: 2)
      }
    }
  }
}
