"""Sentiment of movie reviews: integer token ids in, one probability out.
An Embedding turns each id into a vector; two bidirectional LSTMs read the
sequence both ways (so each doubles its units)."""
import keras
from keras import layers

vocab_size = 20000
max_len = 200
embed_dim = 128

tokens = keras.Input(shape=(max_len,), dtype="int32", name="tokens")
x = layers.Embedding(vocab_size, embed_dim)(tokens)
x = layers.Bidirectional(layers.LSTM(64, return_sequences=True))(x)
x = layers.Bidirectional(layers.LSTM(32))(x)
x = layers.Dense(64, activation="relu")(x)
x = layers.Dropout(0.5)(x)
probability = layers.Dense(1, activation="sigmoid")(x)

model = keras.Model(tokens, probability, name="sentiment_bilstm")
model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
model.summary()
