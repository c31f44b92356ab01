"""Conv2D needs (height, width, channels) images: a (28, 28) input is one axis short."""
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(28, 28)),
    layers.Conv2D(16, 3, activation="relu"),
    layers.Flatten(),
    layers.Dense(10),
])
