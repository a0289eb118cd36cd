import Distributions
import Simulation

extension MergeSettings {
    /// The simulation this setting describes.
    func make() throws(SimulationError) -> TaskMerging {
        let law: any Distribution
        do { law = try parseLaw(optimum) } catch { throw .invalidLaw(key: "optimum", error) }
        return try TaskMerging(shape: shape, optimum: law, tasks: tasks, taskSigma: taskSigma, baseShrink: baseShrink,
                               baseSigma: baseSigma, trim: trim, amplifyQuantile: amplifyQuantile, gamma: gamma)
    }
}
