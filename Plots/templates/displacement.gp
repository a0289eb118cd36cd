# Shape against displacement (LLaMA pretraining): per case, the mean distance from a Gaussian and
# the mean excess kurtosis of the pretrained block matrices against how far pretraining moved
# them; one palette colour per initialisation, its learning-rate regimes joined in order.
