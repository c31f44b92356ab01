"""Four shape confusions that come up again and again, written the right way,
with what Keras gives in the comments. Hover a layer in the editor to see the
arithmetic; `keras-shapes summary examples/classic_confusions.py` prints the
models."""
import keras
from keras import layers

# 1. Conv1D reads its input as (steps, channels). A clip of 600 time steps
#    with 300 features per step is (600, 300): the kernel slides along the
#    600 steps and looks at all 300 features at once.
clips = keras.Input(shape=(600, 300))
features = layers.Conv1D(64, 3)(clips)            # (None, 598, 64), 3*300*64 + 64 = 57,664
steps_first = keras.Model(clips, features, name="steps_first")

#    The same data stored as (300, 600) is a different network: now the
#    kernel slides along 300 "steps" and every step has 600 channels.
transposed = keras.Input(shape=(300, 600))
features_t = layers.Conv1D(64, 3)(transposed)     # (None, 298, 64), 3*600*64 + 64 = 115,264
channels_first = keras.Model(transposed, features_t, name="channels_first")

# 2. Conv1D(64, 3) on (600, 300) is exactly Conv2D(64, (3, 300)) on the same
#    data with a channel axis of 1: a kernel as wide as the features, so the
#    width collapses to 1. Same 57,664 parameters.
as_image = keras.Input(shape=(600, 300, 1))
features_2d = layers.Conv2D(64, (3, 300))(as_image)   # (None, 598, 1, 64)
features_2d = layers.Reshape((598, 64))(features_2d)  # (None, 598, 64), like the Conv1D
as_conv2d = keras.Model(as_image, features_2d, name="as_conv2d")

# 3. Dense works on the last axis only. On a rank-4 tensor it keeps the
#    spatial grid: a Dense(10) "head" on a feature map gives 30x30 outputs of
#    10, not 10 class scores.
images = keras.Input(shape=(32, 32, 3))
maps = layers.Conv2D(16, 3, activation="relu")(images)   # (None, 30, 30, 16)
per_pixel = layers.Dense(10)(maps)                       # (None, 30, 30, 10), 16*10 + 10 = 170
pooled = layers.GlobalAveragePooling2D()(maps)           # (None, 16)
scores = layers.Dense(10, activation="softmax")(pooled)  # (None, 10), 170 as well
flat = layers.Flatten()(maps)                            # (None, 14400)
scores_flat = layers.Dense(10, activation="softmax")(flat)  # (None, 10), 14400*10 + 10 = 144,010
heads = keras.Model(images, [per_pixel, scores, scores_flat], name="heads")

# 4. Where Conv2D's 3 input channels go: every filter spans all of them, so
#    Conv2D(24, (8, 8)) on RGB has 24 kernels of 8x8x3 (8*8*3*24 + 24 = 4,632)
#    and 24 output channels, not 72. A depthwise convolution keeps the
#    channels apart; a separable one mixes them afterwards with 1x1 kernels.
rgb = keras.Input(shape=(128, 128, 3))
mixed = layers.Conv2D(24, (8, 8))(rgb)                      # (None, 121, 121, 24), 4,632
per_channel = layers.DepthwiseConv2D((8, 8))(rgb)           # (None, 121, 121, 3), 8*8*3 + 3 = 195
separable = layers.SeparableConv2D(24, (8, 8))(rgb)         # (None, 121, 121, 24), 192 + 72 + 24 = 288
channels = keras.Model(rgb, [mixed, per_channel, separable], name="channels")

for model in (steps_first, channels_first, as_conv2d, heads, channels):
    model.summary()
