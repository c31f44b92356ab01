"""A small U-Net for binary segmentation of 128x128 RGB images.

The encoder halves the grid three times; the decoder doubles it back and
concatenates each level with the encoder output of the same size (the skip
connections), so the channel counts add up: 64 + 64 = 128 at the first
decoder level."""
import keras
from keras import layers

IMAGE_SIZE = 128
BASE_FILTERS = 16


def conv_block(x, filters):
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    return x


def build_unet(depth=3):
    inputs = keras.Input(shape=(IMAGE_SIZE, IMAGE_SIZE, 3))
    skips = []
    x = inputs
    for level in range(depth):
        x = conv_block(x, BASE_FILTERS * 2**level)
        skips.append(x)
        x = layers.MaxPooling2D(2)(x)

    x = conv_block(x, BASE_FILTERS * 2**depth)

    for level in reversed(range(depth)):
        x = layers.Conv2DTranspose(BASE_FILTERS * 2**level, 2, strides=2, padding="same")(x)
        x = layers.concatenate([x, skips[level]])
        x = conv_block(x, BASE_FILTERS * 2**level)

    outputs = layers.Conv2D(1, 1, activation="sigmoid")(x)
    return keras.Model(inputs, outputs, name="unet")


model = build_unet()
model.compile(optimizer="adam", loss="binary_crossentropy")
model.summary()
