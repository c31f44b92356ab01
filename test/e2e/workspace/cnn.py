"""A small image classifier. Keras Shapes shows each layer's output shape."""
import keras
from keras import layers

inputs = keras.Input(shape=(128, 128, 3))
x = layers.Conv2D(24, (8, 8), strides=2, activation="relu")(inputs)
x = layers.MaxPooling2D(pool_size=2)(x)
x = layers.Conv2D(48, 3, padding="same", activation="relu")(x)
x = layers.BatchNormalization()(x)
x = layers.GlobalAveragePooling2D()(x)
x = layers.Dropout(0.3)(x)
outputs = layers.Dense(10, activation="softmax")(x)

model = keras.Model(inputs, outputs, name="classifier")
model.summary()
