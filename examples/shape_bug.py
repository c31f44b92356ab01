"""A product classifier from a photo and a title, with one real bug: the
image branch ends without Flatten or global pooling, so its Dense keeps the
(14, 14) grid and Concatenate cannot join that rank-4 tensor with the title's
rank-2 one. Keras raises a ValueError at the Concatenate line;
`keras-shapes check examples` reports it without running anything.

The fix: put layers.GlobalAveragePooling2D() (or Flatten()) before the
image branch's Dense."""
import keras
from keras import layers

NUM_CATEGORIES = 20

photo = keras.Input(shape=(64, 64, 3), name="photo")
title = keras.Input(shape=(16,), dtype="int32", name="title")

x = layers.Conv2D(32, 3, activation="relu")(photo)
x = layers.MaxPooling2D()(x)
x = layers.Conv2D(64, 3, activation="relu")(x)
x = layers.MaxPooling2D()(x)
image_features = layers.Dense(64, activation="relu")(x)

t = layers.Embedding(5000, 32)(title)
t = layers.LSTM(64)(t)

merged = layers.Concatenate()([image_features, t])
category = layers.Dense(NUM_CATEGORIES, activation="softmax")(merged)

model = keras.Model([photo, title], category)
model.summary()
