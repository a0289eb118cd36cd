import Simulation

extension MergeSettings {
    /// The simulation this setting describes.
    func make() throws(SimulationError) -> TaskMerging {
        try TaskMerging(shape: shape, optimum: optimum.distribution, tasks: tasks, taskSigma: taskSigma, baseShrink: baseShrink,
                               baseSigma: baseSigma, trim: trim, amplifyQuantile: amplifyQuantile, gamma: gamma)
    }
}
