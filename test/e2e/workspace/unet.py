"""A small U-Net whose encoder is a model of its own: the decoder doubles the
grid back and joins each level with the encoder output of the same size."""
import keras
from keras import layers


def conv_block(x, filters):
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    return x


image = keras.Input(shape=(128, 128, 3))
s1 = conv_block(image, 16)
s2 = conv_block(layers.MaxPooling2D(2)(s1), 32)
s3 = conv_block(layers.MaxPooling2D(2)(s2), 64)
bottom = conv_block(layers.MaxPooling2D(2)(s3), 128)
encoder = keras.Model(image, [s1, s2, s3, bottom], name="encoder")

inputs = keras.Input(shape=(128, 128, 3))
s1, s2, s3, x = encoder(inputs)
for skip, filters in ((s3, 64), (s2, 32), (s1, 16)):
    x = layers.Conv2DTranspose(filters, 2, strides=2, padding="same")(x)
    x = layers.concatenate([x, skip])
    x = conv_block(x, filters)
outputs = layers.Conv2D(1, 1, activation="sigmoid")(x)
unet = keras.Model(inputs, outputs, name="unet")
unet.summary()
