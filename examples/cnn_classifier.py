"""A small image classifier: 128x128 RGB images, ten classes.

The first convolution is the one people ask about: 24 filters of 8x8 with
stride 2 on (128, 128, 3) give floor((128 - 8) / 2) + 1 = 61, so
(None, 61, 61, 24), with 8*8*3*24 + 24 = 4,632 parameters."""
import keras
from keras import layers

NUM_CLASSES = 10

model = keras.Sequential(
    [
        keras.Input(shape=(128, 128, 3)),
        layers.Conv2D(24, (8, 8), strides=2, activation="relu"),
        layers.Conv2D(48, (5, 5), strides=2, activation="relu"),
        layers.MaxPooling2D(),
        layers.Conv2D(64, 3, padding="same", activation="relu"),
        layers.BatchNormalization(),
        layers.GlobalAveragePooling2D(),
        layers.Dropout(0.3),
        layers.Dense(NUM_CLASSES, activation="softmax"),
    ],
    name="cnn_classifier",
)

model.compile(
    optimizer="adam",
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
model.summary()
