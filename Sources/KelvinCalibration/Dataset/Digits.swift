import Foundation
import KelvinCore

/// A labelled data set: feature rows and class labels.
public struct LabelledData: Sendable {
  /// Feature vectors, one per example.
  public var features: [[Double]]
  /// Class labels in `0..<classCount`.
  public var labels: [Int]
  /// The number of classes.
  public let classCount: Int

  /// The number of examples.
  public var count: Int { labels.count }

  /// Creates a data set.
  public init(features: [[Double]], labels: [Int], classCount: Int) {
    self.features = features
    self.labels = labels
    self.classCount = classCount
  }
}

/// The bundled UCI handwritten digits (8×8 images, 1,797 samples, CC BY 4.0; see
/// `Resources/DIGITS-LICENSE.md`), with fixed train, validation and test splits.
public enum Digits {
  /// The sizes of the splits: 1,000 train, 397 validation, 400 test.
  public static let splitSizes = (train: 1000, validation: 397, test: 400)

  /// The three splits, after a permutation fixed by seed 2017 (xoshiro256**, Fisher–Yates).
  ///
  /// Pixels are scaled from 0…16 to 0…1.
  ///
  /// - Throws: When the bundled file is missing or malformed.
  public static func splits() throws -> (
    train: LabelledData, validation: LabelledData, test: LabelledData
  ) {
    guard let url = Bundle.module.url(forResource: "digits", withExtension: "csv") else {
      throw CocoaError(.fileNoSuchFile)
    }
    let text = try String(contentsOf: url, encoding: .utf8)
    var features: [[Double]] = []
    var labels: [Int] = []
    for line in text.split(separator: "\n") {
      let values = line.split(separator: ",").compactMap { Int($0) }
      guard values.count == 65 else { throw CocoaError(.fileReadCorruptFile) }
      features.append(values.prefix(64).map { Double($0) / 16 })
      labels.append(values[64])
    }
    var order = Array(features.indices)
    var generator = Xoshiro256StarStar(seed: 2017)
    for index in stride(from: order.count - 1, to: 0, by: -1) {
      let other = Int(generator.next() % UInt64(index + 1))
      order.swapAt(index, other)
    }
    func subset(_ range: Range<Int>) -> LabelledData {
      LabelledData(
        features: range.map { features[order[$0]] }, labels: range.map { labels[order[$0]] },
        classCount: 10)
    }
    let (train, validation) = (splitSizes.train, splitSizes.validation)
    return (
      subset(0..<train), subset(train..<(train + validation)),
      subset((train + validation)..<order.count)
    )
  }
}

extension Digits {
  /// A one-hidden-layer network (64 units) trained on the train split for 60 epochs with Adam —
  /// long enough to be over-confident — and its logits on the validation and test splits.
  ///
  /// - Throws: When the bundled data cannot be read.
  public static func overconfidentClassifier(seed: UInt64 = 1) throws
    -> (validation: (logits: [[Double]], labels: [Int]), test: (logits: [[Double]], labels: [Int]))
  {
    let (train, validation, test) = try splits()
    var network = Classifier(inputs: 64, hidden: 64, classes: 10, seed: seed)
    try Trainer(seed: seed).train(
      &network, on: train, epochs: 60, lossGradient: Trainer.crossEntropy(labels: train.labels))
    return ((network.logits(validation), validation.labels), (network.logits(test), test.labels))
  }
}
