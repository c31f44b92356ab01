# Transfer learning: a ResNet50 backbone pretrained on ImageNet, frozen, with
# a new classification head. Hover the lines to see what Keras would build:
#   base  → (None, 7, 7, 2048), 23,587,712 params (all frozen), 175 layers
#   x     → (None, 2048)
#   out   → (None, 10), 2048 * 10 + 10 = 20,490 params
#   model → 23,608,202 params, 20,490 trainable, 23,587,712 non-trainable
import keras
from keras import layers

base = keras.applications.ResNet50(include_top=False, weights="imagenet", input_shape=(224, 224, 3))
base.trainable = False
x = layers.GlobalAveragePooling2D()(base.output)
out = layers.Dense(10, activation="softmax")(x)
model = keras.Model(base.input, out)
model.summary()
