import Foundation
import KelvinCore

/// A small classifier: softmax regression (no hidden layer) or a one-hidden-layer ReLU
/// network, with parameters in `Double`.
public struct Classifier: Sendable {
  /// Input size.
  public let inputs: Int
  /// Hidden units (0 for softmax regression).
  public let hidden: Int
  /// Classes.
  public let classes: Int
  /// All parameters: first layer weights and biases, then (with a hidden layer) the second.
  public var parameters: [Double]

  /// Creates a network with Glorot-uniform weights from Kelvin's seeded generator and zero
  /// biases.
  public init(inputs: Int, hidden: Int, classes: Int, seed: UInt64) {
    self.inputs = inputs
    self.hidden = hidden
    self.classes = classes
    var generator = Xoshiro256StarStar(seed: seed)
    var parameters: [Double] = []
    func layer(_ fanIn: Int, _ fanOut: Int) {
      let limit = (6 / Double(fanIn + fanOut)).squareRoot()
      for _ in 0..<(fanIn * fanOut) {
        parameters.append((generator.nextUnitInterval() * 2 - 1) * limit)
      }
      parameters += [Double](repeating: 0, count: fanOut)
    }
    if hidden > 0 {
      layer(inputs, hidden)
      layer(hidden, classes)
    } else {
      layer(inputs, classes)
    }
    self.parameters = parameters
  }

  /// The logits of one example.
  public func logits(_ x: [Double]) -> [Double] {
    forward(x).logits
  }

  /// The logits of every example, row after row.
  public func logits(_ data: LabelledData) -> [[Double]] {
    data.features.map(logits)
  }

  /// Forward pass, keeping the hidden activations for back-propagation.
  func forward(_ x: [Double]) -> (hidden: [Double], logits: [Double]) {
    if hidden == 0 { return ([], affine(x, offset: 0, fanIn: inputs, fanOut: classes)) }
    var h = affine(x, offset: 0, fanIn: inputs, fanOut: hidden)
    for index in h.indices where h[index] < 0 { h[index] = 0 }
    let second = inputs * hidden + hidden
    return (h, affine(h, offset: second, fanIn: hidden, fanOut: classes))
  }

  func affine(_ x: [Double], offset: Int, fanIn: Int, fanOut: Int) -> [Double] {
    var out = [Double](repeating: 0, count: fanOut)
    parameters.withUnsafeBufferPointer { p in
      for j in 0..<fanOut {
        var sum = p[offset + fanIn * fanOut + j]
        for i in 0..<fanIn { sum += x[i] * p[offset + i * fanOut + j] }
        out[j] = sum
      }
    }
    return out
  }

  /// Adds the gradient of a loss whose gradient with respect to the logits is `delta` into
  /// `gradient`.
  func backward(
    _ x: [Double], _ cache: (hidden: [Double], logits: [Double]), delta: [Double],
    into gradient: inout [Double]
  ) {
    if hidden == 0 {
      accumulate(x, delta, offset: 0, fanIn: inputs, fanOut: classes, into: &gradient)
      return
    }
    let second = inputs * hidden + hidden
    accumulate(cache.hidden, delta, offset: second, fanIn: hidden, fanOut: classes, into: &gradient)
    var deltaHidden = [Double](repeating: 0, count: hidden)
    for i in 0..<hidden where cache.hidden[i] > 0 {
      var sum = 0.0
      for j in 0..<classes { sum += parameters[second + i * classes + j] * delta[j] }
      deltaHidden[i] = sum
    }
    accumulate(x, deltaHidden, offset: 0, fanIn: inputs, fanOut: hidden, into: &gradient)
  }

  func accumulate(
    _ x: [Double], _ delta: [Double], offset: Int, fanIn: Int, fanOut: Int,
    into gradient: inout [Double]
  ) {
    for i in 0..<fanIn where x[i] != 0 {
      for j in 0..<fanOut { gradient[offset + i * fanOut + j] += x[i] * delta[j] }
    }
    for j in 0..<fanOut { gradient[offset + fanIn * fanOut + j] += delta[j] }
  }
}

/// Mini-batch Adam (Kingma and Ba 2015) over a classifier, seeded and deterministic.
public struct Trainer: Sendable {
  /// Learning rate.
  public var learningRate = 0.01
  /// Mini-batch size.
  public var batchSize = 32
  /// Seed of the example order.
  public var seed: UInt64 = 1

  /// Creates a trainer.
  public init(learningRate: Double = 0.01, batchSize: Int = 32, seed: UInt64 = 1) {
    self.learningRate = learningRate
    self.batchSize = batchSize
    self.seed = seed
  }

  /// Trains for `epochs` passes over `data`.
  ///
  /// - Parameters:
  ///   - lossGradient: For example `index` with logits `z`, the loss and its gradient with
  ///     respect to `z` (the trainer averages over the batch).
  ///   - progress: Called after each epoch with the epoch number and mean loss.
  /// - Throws: Whatever `lossGradient` throws (a `KelvinError` when the logits stop being
  ///   finite, say); training stops there.
  public func train(
    _ classifier: inout Classifier, on data: LabelledData, epochs: Int,
    lossGradient: (_ index: Int, _ logits: [Double]) throws -> (loss: Double, gradient: [Double]),
    progress: (Int, Double) -> Void = { _, _ in }
  ) throws {
    var m = [Double](repeating: 0, count: classifier.parameters.count)
    var v = m
    var step = 0
    var order = Array(0..<data.count)
    var generator = Xoshiro256StarStar(seed: seed)
    for epoch in 0..<epochs {
      for index in stride(from: order.count - 1, to: 0, by: -1) {
        order.swapAt(index, Int(generator.next() % UInt64(index + 1)))
      }
      var total = 0.0
      for start in stride(from: 0, to: order.count, by: batchSize) {
        let batch = order[start..<min(order.count, start + batchSize)]
        var gradient = [Double](repeating: 0, count: classifier.parameters.count)
        for example in batch {
          let cache = classifier.forward(data.features[example])
          let (loss, delta) = try lossGradient(example, cache.logits)
          total += loss
          classifier.backward(
            data.features[example], cache, delta: delta.map { $0 / Double(batch.count) },
            into: &gradient)
        }
        step += 1
        let correction1 = 1 - pow(0.9, Double(step))
        let correction2 = 1 - pow(0.999, Double(step))
        for index in gradient.indices {
          m[index] = 0.9 * m[index] + 0.1 * gradient[index]
          v[index] = 0.999 * v[index] + 0.001 * gradient[index] * gradient[index]
          classifier.parameters[index] -=
            learningRate * (m[index] / correction1) / ((v[index] / correction2).squareRoot() + 1e-8)
        }
      }
      progress(epoch + 1, total / Double(data.count))
    }
  }

  /// Cross-entropy against the labels: loss `−log softmax(z)_y`, gradient `softmax(z) − onehot`.
  ///
  /// The returned function throws `KelvinError` when the logits are not finite (a diverged
  /// network).
  public static func crossEntropy(labels: [Int]) -> (Int, [Double]) throws -> (
    loss: Double, gradient: [Double]
  ) {
    { index, z in
      let p = try z.softmax()
      var gradient = p
      gradient[labels[index]] -= 1
      return (-log(max(p[labels[index]], 1e-300)), gradient)
    }
  }
}
