"""An encoder model used as a layer of a bigger model: the summary expands it."""
import keras
from keras import layers

encoder = keras.Sequential(
    [keras.Input((28, 28, 1)), layers.Conv2D(8, 3, activation="relu"), layers.MaxPooling2D(), layers.Flatten()],
    name="encoder",
)
inputs = keras.Input((28, 28, 1))
features = encoder(inputs)
outputs = layers.Dense(10, activation="softmax")(features)
model = keras.Model(inputs, outputs, name="classifier_with_encoder")
