// `import Kelvin` brings every library layer, as swift-numerics' `Numerics` umbrella does.

@_exported import KelvinCalibration
@_exported import KelvinConstraints
@_exported import KelvinCore
@_exported import KelvinDecoding
@_exported import KelvinDistillation
@_exported import KelvinExploration
@_exported import KelvinIO
@_exported import KelvinModels
@_exported import KelvinPlot
@_exported import KelvinSampling
@_exported import KelvinText
@_exported import KelvinTokenizers
