"""A Keras 1 spelling on a Keras 3 layer: Keras 3 raises, Ctrl+. rewrites it."""
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(16, 3, border_mode="same"),
    layers.Flatten(),
])
